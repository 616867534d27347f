/**
 * Line charts as inline SVG, written by hand so that the report is one self-contained file without a chart library:
 * axes with round-numbered ticks, a linear or logarithmic y axis, one polyline per series, shaded phases, a legend.
 */
export interface ChartSeries {
  name: string;
  /** [x, y] pairs, x ascending. */
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
}

export interface ChartBand {
  from: number;
  to: number;
  label: string;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  logY?: boolean;
  bands?: readonly ChartBand[];
  width?: number;
  height?: number;
}

export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];

const MARGIN = { left: 64, right: 16, top: 34, bottom: 44 };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Ticks at 1, 2 or 5 times a power of ten, about `count` of them, from at or below min to at or above max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  const last = Math.ceil(max / step - 1e-9) * step;
  for (let v = Math.floor(min / step + 1e-9) * step; v <= last + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Powers of ten from below min to above max (for a log axis). */
export function decadeTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) ticks.push(10 ** e);
  return ticks;
}

export function formatTick(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  if (Math.abs(v) < 1) return String(Number(v.toPrecision(2)));
  return String(Number(v.toPrecision(4)));
}

export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 920;
  // As many legend columns as the longest name allows (about 6.5 px per character at 11 px).
  const longest = Math.max(1, ...spec.series.map((series) => series.name.length));
  const columns = Math.max(1, Math.min(4, Math.floor((width - MARGIN.left - MARGIN.right) / (longest * 6.5 + 30))));
  const legendRows = Math.ceil(spec.series.length / columns);
  const plotH = (spec.height ?? 300) - MARGIN.top - MARGIN.bottom;
  const height = (spec.height ?? 300) + legendRows * 15;
  const plotW = width - MARGIN.left - MARGIN.right;
  // A logarithmic axis has no place for zero: such points (a window with nothing measurable) are left out.
  const series = spec.logY
    ? spec.series.map((s) => ({ ...s, points: s.points.filter(([, py]) => py > 0) }))
    : spec.series;
  const all = series.flatMap((s) => s.points);
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(spec.title)}">`;
  const title = `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`;
  if (all.length === 0) {
    return `${head}${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#777">no data</text></svg>`;
  }
  const xMin = Math.min(...all.map((p) => p[0]), ...(spec.bands ?? []).map((b) => b.from));
  const xMax = Math.max(...all.map((p) => p[0]), ...(spec.bands ?? []).map((b) => b.to), xMin + 1);
  const positive = all.map((p) => p[1]).filter((v) => v > 0);
  const logY = spec.logY === true && positive.length > 0;
  const yMinData = logY ? Math.min(...positive) : 0;
  const yMaxData = Math.max(...all.map((p) => p[1]), logY ? yMinData * 10 : 1e-9);
  const yTicks = logY ? decadeTicks(yMinData, yMaxData) : niceTicks(0, yMaxData);
  const yMin = logY ? yTicks[0] : 0;
  const yMax = yTicks[yTicks.length - 1] > 0 ? yTicks[yTicks.length - 1] : 1;
  const x = (v: number) => MARGIN.left + ((v - xMin) / (xMax - xMin)) * plotW;
  const y = (v: number) => {
    const f = logY
      ? (Math.log10(Math.max(v, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))
      : (v - yMin) / (yMax - yMin);
    return MARGIN.top + plotH - f * plotH;
  };
  const parts: string[] = [head, title];
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="#fff" stroke="#ccc"/>`,
  );
  for (const [i, band] of (spec.bands ?? []).entries()) {
    const bx = x(band.from);
    const bandWidth = Math.max(0, x(band.to) - bx);
    parts.push(
      `<rect x="${fx(bx)}" y="${MARGIN.top}" width="${fx(bandWidth)}" height="${plotH}" fill="${i % 2 ? '#f3f3f3' : '#eaf1fb'}"/>`,
    );
    // A label only where it fits: a band of a few pixels (a short phase) stays unlabelled.
    if (bandWidth >= band.label.length * 5.5 + 8) {
      parts.push(
        `<text x="${fx(bx + 4)}" y="${MARGIN.top + 12}" font-size="10" fill="#555">${escapeXml(band.label)}</text>`,
      );
    }
  }
  for (const tick of yTicks) {
    const ty = y(tick);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fx(ty)}" y2="${fx(ty)}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 6}" y="${fx(ty + 4)}" text-anchor="end" font-size="11">${formatTick(tick)}</text>`,
    );
  }
  for (const tick of niceTicks(xMin, xMax, 8)) {
    const tx = x(tick);
    parts.push(
      `<line x1="${fx(tx)}" x2="${fx(tx)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="#333"/>`,
      `<text x="${fx(tx)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle" font-size="11">${formatTick(tick)}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 32}" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(spec.yLabel)}${logY ? ' (log)' : ''}</text>`,
  );
  series.forEach((line, i) => {
    const color = PALETTE[i % PALETTE.length];
    const points = line.points.map(([px, py]) => `${fx(x(px))},${fx(y(py))}`).join(' ');
    if (line.points.length === 1) {
      const [[px, py]] = line.points;
      parts.push(`<circle cx="${fx(x(px))}" cy="${fx(y(py))}" r="2.5" fill="${color}"/>`);
    } else {
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.6"${line.dashed ? ' stroke-dasharray="5 3"' : ''} points="${points}"/>`,
      );
    }
    const lx = MARGIN.left + (i % columns) * Math.floor(plotW / columns);
    const ly = MARGIN.top + plotH + 52 + Math.floor(i / columns) * 15;
    parts.push(
      `<line x1="${lx}" x2="${lx + 16}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${line.dashed ? ' stroke-dasharray="4 2"' : ''}/>`,
      `<text x="${lx + 20}" y="${ly}" font-size="11">${escapeXml(line.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

const fx = (v: number) => (Math.round(v * 10) / 10).toString();
