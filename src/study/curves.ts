// DIR/curves.svg: one curve per configuration, the mean over its runs at each epoch (over the runs
// that reached that epoch), drawn by the renderer of `mssar plot`.
import type { EpochMetrics } from '../train/metrics';
import { PlotRun, renderCurves } from '../train/plot';
import type { StudyReport } from './report';
import { mean } from './stats';

export function meanCurves(report: StudyReport, rows: Map<string, EpochMetrics[]>): PlotRun[] {
  return report.configurations.map((c) => {
    const runs = report.runs.filter((r) => r.configuration === c.name).map((r) => rows.get(r.name) ?? []);
    const epochs = [...new Set(runs.flatMap((rs) => rs.map((r) => r.epoch)))].sort((a, b) => a - b);
    const curve = epochs.map((epoch) => {
      const at = runs.map((rs) => rs.find((r) => r.epoch === epoch)).filter((r): r is EpochMetrics => r !== undefined);
      return { ...at[0], train_loss: mean(at.map((r) => r.train_loss)), top1: mean(at.map((r) => r.top1)) };
    });
    return { name: `${c.name} (mean of ${runs.length})`, recalibration: c.name, rows: curve };
  });
}

export function studyCurves(report: StudyReport, rows: Map<string, EpochMetrics[]>, title: string): string {
  return renderCurves(meanCurves(report, rows), { title });
}
