import { type RefObject, useId, useLayoutEffect, useRef, useState } from 'react';
import type { TrajectorySeries } from '../../api.ts';
import {
  formatDate,
  formatDateTime,
  formatDay,
  formatNumber,
  formatSeverity,
  formatShortDate,
} from '../../format.ts';

const DAY_MS = 86_400_000;

function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(640);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) setWidth(w);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** A treatment date sits at noon of its day, so it falls between that morning's and evening's scores. */
export function treatmentTime(date: string): number {
  return new Date(`${date}T12:00:00`).getTime();
}

const STEPS_DAYS = [1, 2, 3, 7, 14, 28, 56, 91, 182, 365];

/** Ticks at local midnights, a whole number of days apart, at most `most` of them. */
function dayTicks(start: number, end: number, most: number): { t: number; label: string }[] {
  const spanDays = (end - start) / DAY_MS;
  const step = STEPS_DAYS.find((d) => spanDays / d <= most) ?? 365;
  const first = new Date(start);
  first.setHours(0, 0, 0, 0);
  if (first.getTime() < start) first.setDate(first.getDate() + 1);
  const ticks: { t: number; label: string }[] = [];
  for (const d = new Date(first); d.getTime() <= end; d.setDate(d.getDate() + step)) {
    ticks.push({ t: d.getTime(), label: formatShortDate(d.getTime()) });
  }
  return ticks;
}

type RefLine = { key: string; value: number; label: string; className: string };

/** Labels of nearby reference lines would overlap: spread them at least one line of text apart. */
function spreadLabels(ys: number[], gap: number, min: number, max: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed: number[] = [];
  for (const [k, entry] of order.entries()) {
    const previous = placed[k - 1];
    placed.push(Math.max(entry.y, previous === undefined ? min : previous + gap));
  }
  const overflow = (placed[placed.length - 1] ?? 0) - max;
  const shifted = overflow > 0 ? placed.map((y) => y - overflow) : placed;
  const out: number[] = new Array(ys.length);
  order.forEach((entry, k) => {
    out[entry.i] = shifted[k] as number;
  });
  return out;
}

export function TrajectoryChart({
  series,
  treatmentDates,
  selectedId,
}: {
  series: TrajectorySeries;
  treatmentDates: { date: string; description: string }[];
  selectedId: string | null;
}) {
  const [wrapRef, measured] = useWidth<HTMLDivElement>();
  const titleId = useId();
  const descId = useId();
  const max = series.maxTotal ?? 0;
  const points = series.points
    .filter((p) => p.total !== null)
    .map((p) => ({ ...p, t: new Date(p.completedAt).getTime(), total: p.total as number }))
    .sort((a, b) => a.t - b.t);
  const treatments = treatmentDates.map((d) => ({ ...d, t: treatmentTime(d.date) }));

  const width = Math.max(280, Math.floor(measured));
  const height = width < 520 ? 250 : 300;
  const m = { top: 16, right: 14, bottom: 40, left: 38 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;

  const times = [...points.map((p) => p.t), ...treatments.map((d) => d.t)];
  const t0 = times.length ? Math.min(...times) : Date.now();
  const t1 = times.length ? Math.max(...times) : Date.now();
  const span = t1 - t0;
  const pad = span === 0 ? DAY_MS : Math.max(span * 0.05, DAY_MS / 2);
  const start = t0 - pad;
  const end = t1 + pad;
  const x = (t: number) => m.left + ((t - start) / (end - start)) * pw;
  const y = (v: number) => m.top + ph - (Math.min(Math.max(v, 0), max) / max) * ph;

  const step = max <= 30 ? 5 : 10;
  const yTicks: number[] = [];
  for (let v = 0; v <= max; v += step) yTicks.push(v);
  const xTicks = dayTicks(start, end, Math.max(2, Math.min(8, Math.floor(pw / 80))));

  const lines: RefLine[] = [];
  if (series.remissionLine) {
    lines.push({
      key: 'remission',
      value: series.remissionLine.value,
      label: `Remission ${series.remissionLine.operator === '<' ? '<' : '≤'} ${series.remissionLine.value}`,
      className: 'chart-remission',
    });
  }
  if (series.responseLine !== null) {
    lines.push({
      key: 'response',
      value: series.responseLine,
      label: `Response ≤ ${formatNumber(series.responseLine)}`,
      className: 'chart-response',
    });
  }
  if (series.baseline) {
    lines.push({
      key: 'baseline',
      value: series.baseline.total,
      label: `Baseline ${series.baseline.total}`,
      className: 'chart-baseline',
    });
  }
  const labelYs = spreadLabels(
    lines.map((l) => y(l.value) - 4),
    13,
    m.top + 10,
    m.top + ph - 2,
  );

  const latest = points[points.length - 1];
  const risky = series.points.filter((p) => p.suicideRisk);
  const description = [
    points.length
      ? `${points.length} ${points.length === 1 ? 'score' : 'scores'} from ${formatDay(points[0]?.t ?? 0)} to ${formatDay(latest?.t ?? 0)}; latest ${latest?.total} of ${max} (${formatSeverity(latest?.severity ?? '')}).`
      : 'No scores.',
    series.baseline ? `Baseline ${series.baseline.total}.` : 'No baseline.',
    series.responseLine !== null ? `Response at or below ${formatNumber(series.responseLine)}.` : '',
    series.remissionLine ? `Remission: ${series.remissionLine.rule}.` : '',
    treatments.length ? `${treatments.length} treatment ${treatments.length === 1 ? 'date' : 'dates'}.` : '',
    risky.length
      ? `Suicide-risk answers on ${risky.map((p) => formatDateTime(p.completedAt)).join(', ')}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.total).toFixed(1)}`)
    .join(' ');

  return (
    <div className="chart" ref={wrapRef}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        data-testid={`chart-${series.instrument}`}
      >
        <title id={titleId}>{`${series.name} totals over time`}</title>
        <desc id={descId}>{description}</desc>
        <rect className="chart-plot" x={m.left} y={m.top} width={pw} height={ph} />
        {yTicks.map((v) => (
          <g key={`y${v}`}>
            <line className="chart-grid" x1={m.left} x2={m.left + pw} y1={y(v)} y2={y(v)} />
            <text className="chart-tick" x={m.left - 6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {xTicks.map((tick) => (
          <text
            key={`x${tick.t}`}
            className="chart-tick"
            x={x(tick.t)}
            y={m.top + ph + 18}
            textAnchor={x(tick.t) < m.left + 20 ? 'start' : x(tick.t) > m.left + pw - 20 ? 'end' : 'middle'}
          >
            {tick.label}
          </text>
        ))}
        {treatments.map((d) => (
          <g key={`t${d.date}${d.description}`} className="chart-treatment">
            <title>{`Treatment ${formatDate(d.date)}: ${d.description}`}</title>
            <line x1={x(d.t)} x2={x(d.t)} y1={m.top} y2={m.top + ph} />
            <path d={`M${x(d.t) - 5},${m.top + ph + 30} l5,-8 l5,8 z`} />
          </g>
        ))}
        {lines.map((line, i) => (
          <g key={line.key} className={line.className}>
            <line x1={m.left} x2={m.left + pw} y1={y(line.value)} y2={y(line.value)} />
            <text x={m.left + pw - 4} y={labelYs[i]} textAnchor="end" className="chart-line-label">
              {line.label}
            </text>
          </g>
        ))}
        <path className="chart-series" d={path} />
        {points.map((p) => {
          const cx = x(p.t);
          const cy = y(p.total);
          return (
            <g key={p.responseId}>
              <title>{`${formatDateTime(p.completedAt)}: ${p.total} (${formatSeverity(p.severity)})${p.suicideRisk ? ', suicide-risk answer' : ''}`}</title>
              {p.responseId === selectedId ? (
                <circle className="chart-selected" cx={cx} cy={cy} r={10} />
              ) : null}
              {p.suicideRisk ? (
                <path
                  className="chart-point-risk"
                  d={`M${cx},${cy - 8} L${cx + 8},${cy} L${cx},${cy + 8} L${cx - 8},${cy} Z`}
                />
              ) : (
                <circle className="chart-point" cx={cx} cy={cy} r={4.5} />
              )}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-label="Chart key">
        <li>
          <span className="swatch swatch-series" aria-hidden="true" /> Total score
        </li>
        {series.baseline ? (
          <li>
            <span className="swatch swatch-baseline" aria-hidden="true" /> Baseline
          </li>
        ) : null}
        {series.responseLine !== null ? (
          <li>
            <span className="swatch swatch-response" aria-hidden="true" /> Response (50 % below baseline)
          </li>
        ) : null}
        {series.remissionLine ? (
          <li>
            <span className="swatch swatch-remission" aria-hidden="true" /> Remission (
            {series.remissionLine.rule}
            {series.remissionLine.clinicPolicy ? ', clinic policy' : ''})
          </li>
        ) : null}
        {treatments.length ? (
          <li>
            <span className="swatch swatch-treatment" aria-hidden="true" /> Treatment date
          </li>
        ) : null}
        {risky.length ? (
          <li>
            <span className="swatch swatch-risk" aria-hidden="true" /> Suicide-risk answer
          </li>
        ) : null}
      </ul>
    </div>
  );
}
