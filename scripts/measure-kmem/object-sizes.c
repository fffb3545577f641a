// The sizes of the objects a kernel build makes the kernel allocate, for the
// configured target. Copy into a configured tree as kernel/object-sizes.c, run
//   make ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- kernel/object-sizes.s
// and read each "->name #bytes" line of the .s file (the asm-offsets trick).
#include <linux/kbuild.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/buffer_head.h>
#include <linux/xarray.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/fdtable.h>
#include <linux/fs_struct.h>
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/rmap.h>
#include <linux/jbd2.h>
#include "../fs/ext4/ext4.h"
#include "../fs/ext4/extents_status.h"
void sizes(void);
void sizes(void)
{
	DEFINE(dentry, sizeof(struct dentry));
	DEFINE(inode, sizeof(struct inode));
	DEFINE(ext4_inode_info, sizeof(struct ext4_inode_info));
	DEFINE(buffer_head, sizeof(struct buffer_head));
	DEFINE(xa_node, sizeof(struct xa_node));
	DEFINE(vm_area_struct, sizeof(struct vm_area_struct));
	DEFINE(anon_vma, sizeof(struct anon_vma));
	DEFINE(anon_vma_chain, sizeof(struct anon_vma_chain));
	DEFINE(task_struct, sizeof(struct task_struct));
	DEFINE(mm_struct, sizeof(struct mm_struct));
	DEFINE(file, sizeof(struct file));
	DEFINE(cred, sizeof(struct cred));
	DEFINE(signal_struct, sizeof(struct signal_struct));
	DEFINE(sighand_struct, sizeof(struct sighand_struct));
	DEFINE(files_struct, sizeof(struct files_struct));
	DEFINE(fs_struct, sizeof(struct fs_struct));
	DEFINE(pid, sizeof(struct pid));
	DEFINE(extent_status, sizeof(struct extent_status));
	DEFINE(journal_head, sizeof(struct journal_head));
	DEFINE(THREAD_SIZE_, THREAD_SIZE);
	DEFINE(PTRS_PER_PGD_, PTRS_PER_PGD);
	DEFINE(PTRS_PER_PTE_, PTRS_PER_PTE);
	DEFINE(PGDIR_SHIFT_, PGDIR_SHIFT);
}
