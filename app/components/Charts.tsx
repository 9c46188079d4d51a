// The burndown (remaining over time, scope, ideal line) and the weekly completions, drawn by chart.js.
// Fixed-height containers so the page does not jump when the canvas appears; animations off so the chart
// is drawn at once (and tests can read its pixels).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import type { Burndown } from '../../db/queries/burndown';

ChartJS.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, BarController, BarElement, Filler, Tooltip, Legend);

const DAY = 86_400_000;
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fmt = (value: number) => new Date(value).toISOString().slice(0, 10);

const BLUE = '#2563eb';
const SLATE = '#94a3b8';
const GREEN = '#16a34a';
const AMBER = '#d97706';

export function BurndownChart({ data, label }: { data: Burndown; label: string }) {
  if (data.points.length === 0) {
    return <p className="muted chart-empty">No history yet: the chart starts with the first recorded change.</p>;
  }
  const remaining = data.points.map((p) => ({ x: ms(p.day), y: p.remaining }));
  const scope = data.points.map((p) => ({ x: ms(p.day), y: p.scope }));
  const scopeRadius = data.points.map((p, i) => (i > 0 && p.scopeChange !== 0 ? 4 : 0));
  const datasets = [
    {
      label: 'Remaining',
      data: remaining,
      borderColor: BLUE,
      backgroundColor: 'rgba(37, 99, 235, 0.12)',
      fill: 'origin' as const,
      stepped: 'after' as const,
      pointRadius: 0,
      borderWidth: 2,
    },
    {
      label: 'Scope',
      data: scope,
      borderColor: AMBER,
      backgroundColor: AMBER,
      borderDash: [5, 4],
      stepped: 'after' as const,
      pointRadius: scopeRadius,
      pointHoverRadius: 5,
      borderWidth: 1.5,
    },
  ];
  if (data.ideal) {
    datasets.push({
      label: 'Ideal',
      data: [
        { x: ms(data.ideal.from.date), y: data.ideal.from.value },
        { x: ms(data.ideal.to.date), y: data.ideal.to.value },
      ],
      borderColor: SLATE,
      backgroundColor: SLATE,
      borderDash: [2, 3],
      stepped: false as unknown as 'after',
      pointRadius: [0, 3],
      pointHoverRadius: 4,
      borderWidth: 1.5,
    } as (typeof datasets)[number]);
  }
  const xs = datasets.flatMap((d) => d.data.map((p) => p.x));
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs, minX + DAY);
  const options: ChartOptions<'line'> = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    scales: {
      x: {
        type: 'linear',
        min: minX,
        max: maxX,
        ticks: { callback: (v) => fmt(Number(v)), maxTicksLimit: 7, maxRotation: 0 },
        grid: { display: false },
      },
      y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Items' } },
    },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
      tooltip: { callbacks: { title: (items) => (items[0] ? fmt(items[0].parsed.x ?? 0) : '') } },
    },
  };
  return (
    <div className="chart">
      <Line data={{ datasets }} options={options} role="img" aria-label={label} data-testid="burndown" />
    </div>
  );
}

export function WeeklyChart({ data, label }: { data: Burndown['weekly']; label: string }) {
  if (data.length === 0) return <p className="muted chart-empty">No completions recorded yet.</p>;
  return (
    <div className="chart chart-short">
      <Bar
        role="img"
        aria-label={label}
        data-testid="weekly"
        data={{
          labels: data.map((w) => w.week),
          datasets: [{ label: 'Completed', data: data.map((w) => w.completed), backgroundColor: GREEN, borderRadius: 3 }],
        }}
        options={{
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
            y: { beginAtZero: true, ticks: { precision: 0 } },
          },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { title: (items) => `Week of ${items[0]?.label ?? ''}` } },
          },
        }}
      />
    </div>
  );
}
