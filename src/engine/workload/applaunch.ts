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
    const k = this.k;
    const w = this.w;
    k.charged = 0;
    k.runnable++;
    this.launchesLive++;
    const file = this.appFiles[app]!;
    let ok = k.readFile(this.cpu, file, 0, k.maps.get(file).length);
    const anonPages = Math.max(1, Math.round(w.anonMiBPerApp * MiB_PAGES));
    const map = k.newAnon(anonPages);
    for (let i = 0; ok && i < anonPages; i++) ok = k.touchAnon(this.cpu, map, i);
    if (!ok) k.vm.v[V.oom_kill]++;
    k.runnable--;
    const launchNs = k.charged;
    k.charged = 0;
    this.launchNsTotal += launchNs;
    this.launchesDone++;
    this.sim.after(launchNs + w.lifetimeS * 1e9, () => {
      k.charged = 0;
      k.freeAnon(this.cpu, map);
      k.charged = 0;
      if (--this.launchesLive === 0 && this.launchesDone === w.storms * w.appsPerStorm) this.finish();
    });
  }
}
