/*
 * App-launch storms (Android-like): every stormEveryS a burst of apps starts,
 * each reading its code and resources (a file that stays in page cache, or in
 * cleancache, between launches) and faulting in its anonymous heap; each lives
 * lifetimeS and is then killed. Launch time is the measure users feel.
 */
import type { AppLaunchWorkload } from '../scenario/schema.ts';
import { V } from '../metrics/vmstat.ts';
import { Actor, type ActorEnv, MiB_PAGES } from './actor.ts';

/** Distinct apps the storms draw from, per app launched in a storm. */
const APP_POOL_FACTOR = 3;

export class AppLaunchActor extends Actor {
  private appFiles: number[] = [];
  private storm = 0;
  private launchesDone = 0;
  private launchesLive = 0;
  launchNsTotal = 0;

  constructor(
    private readonly w: AppLaunchWorkload,
    env: ActorEnv,
  ) {
    super(w.name, true, true, env);
  }

  start(): void {
    const w = this.w;
    const filePages = Math.max(1, Math.round(w.fileMiBPerApp * MiB_PAGES));
    for (let i = 0; i < w.appsPerStorm * APP_POOL_FACTOR; i++) this.appFiles.push(this.k.newFile(filePages));
    this.sim.at(w.startAtS * 1e9, () => this.runStorm());
  }

  progress(): number {
    return this.launchesDone / (this.w.storms * this.w.appsPerStorm);
  }

  private runStorm(): void {
    const w = this.w;
    const pool = this.appFiles.length;
    const first = this.rng.int(pool);
    for (let i = 0; i < w.appsPerStorm; i++) {
      const app = (first + i) % pool;
      this.sim.after(i * 1e6, () => this.launch(app));
    }
    if (++this.storm < w.storms) this.sim.after(w.stormEveryS * 1e9, () => this.runStorm());
  }

  private launch(app: number): void {
    const anonPages = Math.max(1, Math.round(this.w.anonMiBPerApp * MiB_PAGES));
    this.launchesLive++;
    this.run({ file: this.appFiles[app]!, map: this.k.newAnon(anonPages), touched: 0, fileRead: false, launchNs: 0 });
  }

  /** Read the app's files and fault in its heap; sleeps in reclaim and resumes when memory is short. */
  private run(l: Launch): void {
    const k = this.k;
    const w = this.w;
    k.charged = 0;
    k.runnable++;
    let ok = true;
    if (!l.fileRead) ok = l.fileRead = k.readFile(this.cpu, l.file, 0, k.maps.get(l.file).length);
    const pages = k.maps.get(l.map).length;
    while (ok && l.touched < pages) {
      ok = k.touchAnon(this.cpu, l.map, l.touched);
      if (ok) l.touched++;
    }
    k.runnable--;
    const charged = k.charged;
    l.launchNs += charged;
    if (!ok) {
      const retryAt = k.reclaimRetryAt();
      k.charged = 0;
      if (retryAt >= 0) {
        l.launchNs += retryAt - (this.sim.now() + charged);
        this.sim.at(retryAt, () => this.run(l));
        return;
      }
      k.vm.v[V.oom_kill]++;
    }
    k.charged = 0;
    this.launchNsTotal += l.launchNs;
    this.launchesDone++;
    this.sim.after(charged + w.lifetimeS * 1e9, () => {
      k.charged = 0;
      k.freeAnon(this.cpu, l.map);
      k.charged = 0;
      if (--this.launchesLive === 0 && this.launchesDone === w.storms * w.appsPerStorm) this.finish();
    });
  }
}

interface Launch {
  file: number;
  map: number;
  touched: number;
  fileRead: boolean;
  /** Time the launch has taken so far, stalls included. */
  launchNs: number;
}
