import { parseProcStat } from '../measure/resources';
import { PhaseRecorder } from '../measure/recorder';
import { decadeTicks, escapeXml, lineChart, niceTicks } from './svg-chart';

describe('report building blocks', () => {
  it('picks round tick values', () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(decadeTicks(0.3, 250)).toEqual([0.1, 1, 10, 100, 1000]);
  });

  it('draws each series as a polyline inside the plot, escaping text', () => {
    const svg = lineChart({
      title: 'p99 <ms> & more',
      xLabel: 's',
      yLabel: 'ms',
      series: [
        {
          name: 'a',
          points: [
            [0, 0],
            [10, 100],
          ],
        },
        { name: 'b', points: [[5, 50]] },
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('p99 &lt;ms&gt; &amp; more');
    // x from 64 to 904, y from 34 + 222 down to 34: (0, 0) is the bottom left corner, (10, 100) the top right.
    expect(svg).toMatch(/<polyline [^>]*points="64,256 904,34"/);
    expect(svg).toContain('<circle');
    expect(escapeXml('"x"')).toBe('&quot;x&quot;');
  });

  it('says "no data" rather than drawing an empty frame', () => {
    expect(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).toContain('no data');
  });

  it('reads CPU ticks and resident pages from /proc/<pid>/stat, whatever the command name holds', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i));
    fields[11] = '250'; // utime (field 14)
    fields[12] = '50'; // stime (field 15)
    fields[21] = '1024'; // rss pages (field 24)
    const stat = `4242 (node (my app)) ${fields.join(' ')}`;
    expect(parseProcStat(stat)).toEqual({ cpuSeconds: 3, rssBytes: 1024 * 4096 });
  });

  it('records per operation: latency from the intended time, outcomes, and errors for unplanned outcomes', () => {
    const recorder = new PhaseRecorder(0);
    recorder.record({ operation: 'op', door: 'http', intendedAt: 0, completedAt: 10, outcome: 'OK', expected: true });
    recorder.record({
      operation: 'op',
      door: 'http',
      intendedAt: 500,
      completedAt: 1530,
      outcome: 'HTTP_503',
      expected: false,
    });
    const [figures] = recorder.figures();
    expect(figures).toMatchObject({
      operation: 'op',
      count: 2,
      outcomes: { HTTP_503: 1, OK: 1 },
      errors: { HTTP_503: 1 },
      latency: { minMs: 10, maxMs: 1030 },
    });
    expect(figures.series.map((p) => [p.t, p.count])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(recorder.unexpectedCount).toBe(1);
  });
});
