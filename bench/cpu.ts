/**
 * Where the CPU goes during a run (Linux /proc): the server process, PostgreSQL (the postmaster and
 * its backends), and this process (the load generator). Reported as cores busy on average, so a
 * total near the machine's core count means the run was CPU-bound.
 */
import fs from 'node:fs';
import os from 'node:os';

export type CpuSplit = { server: number; postgres: number; loadGenerator: number; machine: number };

const TICKS_PER_SECOND = 100;

/** utime + stime, plus cutime + cstime (children already reaped) when asked. */
function ticksOf(pid: number, withReapedChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return withReapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return 0;
  }
}

function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

function machineBusyTicks(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
}

type Sample = { at: number; server: number; postgres: number; self: number; machine: number };

function sample(serverPid: number, postmasterPid: number | undefined): Sample {
  // The postmaster reaps its backends, so an exited backend's time moves into its cutime/cstime.
  const postgres = postmasterPid
    ? ticksOf(postmasterPid, true) + childrenOf(postmasterPid).reduce((sum, pid) => sum + ticksOf(pid), 0)
    : 0;
  const self = process.cpuUsage();
  return {
    at: performance.now(),
    server: ticksOf(serverPid) / TICKS_PER_SECOND,
    postgres: postgres / TICKS_PER_SECOND,
    self: (self.user + self.system) / 1e6,
    machine: machineBusyTicks() / TICKS_PER_SECOND,
  };
}

/** Starts measuring; the returned function ends it. */
export function startCpu(serverPid: number, postmasterPid: number | undefined): () => CpuSplit {
  if (os.platform() !== 'linux') return () => ({ server: 0, postgres: 0, loadGenerator: 0, machine: 0 });
  const before = sample(serverPid, postmasterPid);
  return () => {
    const after = sample(serverPid, postmasterPid);
    const seconds = (after.at - before.at) / 1000;
    return {
      server: (after.server - before.server) / seconds,
      postgres: (after.postgres - before.postgres) / seconds,
      loadGenerator: (after.self - before.self) / seconds,
      machine: (after.machine - before.machine) / seconds,
    };
  };
}
