import { useEffect, useRef } from 'react';
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement,
  Tooltip, type ChartDataset,
} from 'chart.js';

// Only the pieces used here, so the bundle carries no unused chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement,
  Tooltip, Legend);

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];

export interface Series { label: string; data: number[] }

/** A line or bar chart; `testId` names the canvas's wrapper, whose data-points attribute tests can read. */
export function ChartView({ type, labels, series, testId, height = 220, yFormat }: {
  type: 'line' | 'bar'; labels: string[]; series: Series[]; testId: string; height?: number;
  yFormat?: (v: number) => string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const datasets: ChartDataset<'line' | 'bar'>[] = series.map((s, i) => ({
      label: s.label, data: s.data, borderColor: COLOURS[i % COLOURS.length],
      backgroundColor: COLOURS[i % COLOURS.length] + (type === 'bar' ? 'cc' : '33'), tension: 0.2, pointRadius: 2,
    }));
    const chart = new Chart(canvas.current, {
      type, data: { labels, datasets: datasets as any },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: yFormat ? { callback: (v) => yFormat(Number(v)) } : {} } } },
    });
    return () => chart.destroy();
  }, [type, JSON.stringify(labels), JSON.stringify(series)]);
  const total = series.map((s) => s.data.reduce((a, b) => a + b, 0));
  return (
    <div className="chart" style={{ height }} data-testid={testId} data-points={labels.length}
      data-totals={total.join(',')}>
      <canvas ref={canvas} />
    </div>
  );
}
