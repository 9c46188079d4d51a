// The chart.js pieces the dashboard's charts use, registered once (chart.js is tree-shaken: nothing draws until
// its controllers, elements and scales are registered), and the colours every chart shares.
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
} from 'chart.js';

ChartJS.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  BarController,
  BarElement,
  Filler,
  Tooltip,
  Legend,
);

export const CHART_COLORS = { blue: '#2563eb', slate: '#94a3b8', green: '#16a34a', amber: '#d97706' } as const;
