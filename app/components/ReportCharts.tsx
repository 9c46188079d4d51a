// The report's two charts over its 12 weeks of history: completed vs added per week (is the work outpacing the
// new work?) and the burn-up (done climbing towards a scope line that moves when work is added or removed).
// Short week labels and at most 6 ticks keep both readable on a phone; animations off so they draw at once.
import { type Scale, type Tick } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import { CHART_COLORS } from './chart-setup';
import type { HistoryRow } from '../../report/model';

/** `W49` for ISO weeks of one year, else the week's start as `MM-DD`. */
function shortLabels(history: HistoryRow[]): string[] {
  const iso = history.every((w) => /^\d{4}-W\d\d$/.test(w.id));
  return history.map((w) => (iso ? w.id.slice(5) : w.start.slice(5)));
}

/** Every week's label where there is room, else every other one counted back from the report's own week,
 * so the week being reported is always named. */
const axis = {
  x: {
    grid: { display: false },
    ticks: {
      maxRotation: 0,
      autoSkip: false,
      callback(this: Scale, value: string | number, index: number, ticks: Tick[]) {
        const step = this.chart.width < 560 ? 2 : 1;
        return (ticks.length - 1 - index) % step === 0 ? this.getLabelForValue(Number(value)) : '';
      },
    },
  },
  y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Items' } },
};

export function ThroughputChart({ history, label }: { history: HistoryRow[]; label: string }) {
  // Twelve empty weeks drawn as an axis from 0 to 1 read as a broken chart: say so in words instead.
  if (history.every((w) => w.completed === 0 && w.added === 0))
    return (
      <p className="muted chart-empty" data-testid="throughput-empty">
        Nothing was completed or added from {history[0]?.id ?? 'the first week'} to {history.at(-1)?.id ?? 'this week'}.
      </p>
    );
  const labels = shortLabels(history);
  return (
    <div className="chart chart-short">
      <Bar
        role="img"
        aria-label={label}
        data-testid="throughput-chart"
        data={{
          labels,
          datasets: [
            {
              label: 'Completed',
              data: history.map((w) => w.completed),
              backgroundColor: CHART_COLORS.green,
              borderRadius: 3,
            },
            { label: 'Added', data: history.map((w) => w.added), backgroundColor: CHART_COLORS.amber, borderRadius: 3 },
          ],
        }}
        options={{
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: axis,
          plugins: {
            legend: { position: 'bottom', labels: { boxWidth: 14 } },
            tooltip: {
              callbacks: {
                title: (items) => {
                  const w = history[items[0]?.dataIndex ?? 0];
                  return w ? `${w.id} (${w.start} – ${w.end})` : '';
                },
              },
            },
          },
        }}
      />
    </div>
  );
}

export function BurnupChart({ history, label }: { history: HistoryRow[]; label: string }) {
  const labels = shortLabels(history);
  return (
    <div className="chart chart-short">
      <Line
        role="img"
        aria-label={label}
        data-testid="burnup-chart"
        data={{
          labels,
          datasets: [
            {
              label: 'Done',
              data: history.map((w) => w.done),
              borderColor: CHART_COLORS.blue,
              backgroundColor: 'rgba(37, 99, 235, 0.15)',
              fill: 'origin',
              pointRadius: 2,
              borderWidth: 2,
            },
            {
              label: 'Scope',
              data: history.map((w) => w.scope),
              borderColor: CHART_COLORS.amber,
              backgroundColor: CHART_COLORS.amber,
              borderDash: [5, 4],
              stepped: 'after',
              pointRadius: 0,
              borderWidth: 1.5,
            },
          ],
        }}
        options={{
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: 'index', intersect: false },
          scales: axis,
          plugins: {
            legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
            tooltip: {
              callbacks: {
                title: (items) => {
                  const w = history[items[0]?.dataIndex ?? 0];
                  return w ? `End of ${w.id} (${w.end})` : '';
                },
              },
            },
          },
        }}
      />
    </div>
  );
}
