import { readdirSync, readFileSync } from 'fs';
import { loadavg } from 'os';

/** A process whose CPU time and memory can be read at any moment. */
export interface MonitoredProcess {
  readonly name: string;
  /** CPU seconds used so far and resident memory in bytes; undefined once the process is gone. */
  read(): { cpuSeconds: number; rssBytes: number } | undefined;
}

/** The harness's own process (and whatever runs inside it: the embedded clearing house). */
export function currentProcess(name: string): MonitoredProcess {
  return {
    name,
    read: () => {
      const usage = process.cpuUsage();
      return { cpuSeconds: (usage.user + usage.system) / 1e6, rssBytes: process.memoryUsage.rss() };
    },
  };
}

/**
 * The whole machine: CPU seconds all its cores spent busy (user, nice, system, irq, softirq of /proc/stat; not idle,
 * I/O wait or steal). Beside the processes of a run, it shows how much of the machine's raw capacity was left.
 */
export function wholeMachine(): MonitoredProcess {
  return {
    name: 'machine',
    read: () => {
      const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
      const [user, nice, system, , , irq, softirq] = fields.map(Number);
      return { cpuSeconds: (user + nice + system + irq + softirq) / CLOCK_TICKS_PER_SECOND, rssBytes: 0 };
    },
  };
}

const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** utime + stime (fields 14, 15) and rss (field 24, pages) of /proc/<pid>/stat; the name may contain spaces. */
export function parseProcStat(stat: string): { cpuSeconds: number; rssBytes: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuSeconds: (utime + stime) / CLOCK_TICKS_PER_SECOND, rssBytes: rssPages * PAGE_BYTES };
}

/** A child process (an app the harness started), read from /proc (Linux). */
export function childProcess(name: string, pid: number): MonitoredProcess {
  return {
    name,
    read: () => {
      try {
        return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Every process on this machine whose command name is `command` (e.g. all `postgres` backends, or `java` for the
 * Kafka broker) summed: the infrastructure's share of the CPU. On a shared machine it includes other users' work on
 * the same server, which the report says.
 */
export function processGroup(name: string, matches: (comm: string, cmdline: string) => boolean): MonitoredProcess {
  // Processes that exited keep counting with their last reading, so the sum never goes backwards.
  const last = new Map<number, number>();
  return {
    name,
    read: () => {
      let rssBytes = 0;
      let pids: string[];
      try {
        pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
      } catch {
        return undefined;
      }
      for (const pid of pids) {
        try {
          const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
          if (!matches(comm, cmdline)) continue;
          const reading = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
          last.set(Number(pid), reading.cpuSeconds);
          rssBytes += reading.rssBytes;
        } catch {
          // gone between listing and reading
        }
      }
      let cpuSeconds = 0;
      for (const seconds of last.values()) cpuSeconds += seconds;
      return { cpuSeconds, rssBytes };
    },
  };
}

/** Busy and total jiffies of all CPUs from /proc/stat, for the machine's utilisation. */
function readMachineCpu(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    const total = values.reduce((sum, v) => sum + v, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export interface ResourcePoint {
  /** Seconds since sampling started. */
  t: number;
  /** Per process: CPU in % of one core over the last interval, resident memory in MiB. */
  processes: Record<string, { cpuPercent: number; rssMiB: number }>;
  /** The whole machine: % of all cores busy; 1-minute load average. */
  machineCpuPercent: number;
  loadAverage1m: number;
}

export interface ResourceSummary {
  name: string;
  meanCpuPercent: number;
  maxCpuPercent: number;
  cpuSeconds: number;
  maxRssMiB: number;
}

export interface ResourceFigures {
  intervalMs: number;
  series: ResourcePoint[];
  processes: ResourceSummary[];
  machine: { meanCpuPercent: number; maxCpuPercent: number; loadAverageStart: number[]; loadAverageEnd: number[] };
}

const MIB = 1024 * 1024;

/** Samples the monitored processes and the machine every `intervalMs` from start() to stop(). */
export class ResourceSampler {
  private readonly series: ResourcePoint[] = [];
  private timer?: NodeJS.Timeout;
  private startedAt = 0;
  private readonly previous = new Map<string, { cpuSeconds: number; at: number }>();
  private readonly first = new Map<string, number>();
  private readonly peakRss = new Map<string, number>();
  private machinePrevious?: { busy: number; total: number };
  private loadStart: number[] = [];
  private result?: ResourceFigures;

  constructor(
    private readonly processes: readonly MonitoredProcess[],
    readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.loadStart = loadavg();
    this.machinePrevious = readMachineCpu();
    for (const p of this.processes) {
      const reading = p.read();
      if (reading) {
        this.previous.set(p.name, { cpuSeconds: reading.cpuSeconds, at: this.startedAt });
        this.first.set(p.name, reading.cpuSeconds);
      }
    }
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling and sums up; later calls return the same figures. */
  stop(): ResourceFigures {
    if (this.result) return this.result;
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const processes = this.processes.map((p): ResourceSummary => {
      const points = this.series.map((s) => s.processes[p.name]?.cpuPercent).filter((v) => v !== undefined);
      const last = this.previous.get(p.name)?.cpuSeconds ?? 0;
      return {
        name: p.name,
        meanCpuPercent: round1(points.reduce((a, b) => a + b, 0) / Math.max(1, points.length)),
        maxCpuPercent: round1(Math.max(0, ...points)),
        cpuSeconds: round1(last - (this.first.get(p.name) ?? last)),
        maxRssMiB: round1((this.peakRss.get(p.name) ?? 0) / MIB),
      };
    });
    const machine = this.series.map((s) => s.machineCpuPercent);
    this.result = {
      intervalMs: this.intervalMs,
      series: this.series,
      processes,
      machine: {
        meanCpuPercent: round1(machine.reduce((a, b) => a + b, 0) / Math.max(1, machine.length)),
        maxCpuPercent: round1(Math.max(0, ...machine)),
        loadAverageStart: this.loadStart.map(round2),
        loadAverageEnd: loadavg().map(round2),
      },
    };
    return this.result;
  }

  private sample(): void {
    const now = performance.now();
    const point: ResourcePoint = {
      t: round2((now - this.startedAt) / 1000),
      processes: {},
      machineCpuPercent: 0,
      loadAverage1m: round2(loadavg()[0]),
    };
    for (const p of this.processes) {
      const reading = p.read();
      if (!reading) continue;
      const before = this.previous.get(p.name) ?? { cpuSeconds: reading.cpuSeconds, at: now };
      const seconds = Math.max(0.001, (now - before.at) / 1000);
      point.processes[p.name] = {
        cpuPercent: round1(((reading.cpuSeconds - before.cpuSeconds) / seconds) * 100),
        rssMiB: round1(reading.rssBytes / MIB),
      };
      this.previous.set(p.name, { cpuSeconds: reading.cpuSeconds, at: now });
      if (!this.first.has(p.name)) this.first.set(p.name, reading.cpuSeconds);
      this.peakRss.set(p.name, Math.max(this.peakRss.get(p.name) ?? 0, reading.rssBytes));
    }
    const machine = readMachineCpu();
    if (machine && this.machinePrevious) {
      const total = machine.total - this.machinePrevious.total;
      point.machineCpuPercent = total > 0 ? round1(((machine.busy - this.machinePrevious.busy) / total) * 100) : 0;
    }
    this.machinePrevious = machine;
    this.series.push(point);
  }
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const round2 = (v: number) => Math.round(v * 100) / 100;
