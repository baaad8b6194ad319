import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { printable, truncateToWidth } from '../../pdf/text.ts';
import { csvCell } from '../audit/service.ts';
import type { Report } from './reports.ts';

export function reportCsv(report: Report): string {
  const lines = [report.columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of report.rows) lines.push(report.columns.map((c) => csvCell(row[c.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A printable landscape table: title, filters, generation time, then the rows, repeated headers per page. */
export async function reportPdf(report: Report, subtitle: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(report.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const [pageWidth, pageHeight] = [792, 612];
  const margin = 30;
  const size = 7;
  const columnWidth = (pageWidth - 2 * margin) / Math.max(report.columns.length, 1);
  let page = pdf.addPage([pageWidth, pageHeight]);
  let y = pageHeight - margin;
  const header = () => {
    page.drawText(printable(report.title), { x: margin, y, size: 13, font: bold });
    y -= 16;
    page.drawText(printable(subtitle), { x: margin, y, size: 8, font, color: rgb(0.2, 0.2, 0.2) });
    y -= 16;
    report.columns.forEach((c, i) => {
      page.drawText(truncateToWidth(printable(c.label), bold, size, columnWidth - 3), {
        x: margin + i * columnWidth,
        y,
        size,
        font: bold,
      });
    });
    y -= 4;
    page.drawLine({ start: { x: margin, y }, end: { x: pageWidth - margin, y }, thickness: 0.5 });
    y -= 10;
  };
  header();
  for (const row of report.rows) {
    if (y < margin) {
      page = pdf.addPage([pageWidth, pageHeight]);
      y = pageHeight - margin;
      header();
    }
    report.columns.forEach((c, i) => {
      page.drawText(truncateToWidth(printable(row[c.key]), font, size, columnWidth - 3), {
        x: margin + i * columnWidth,
        y,
        size,
        font,
      });
    });
    y -= 10;
  }
  if (report.rows.length === 0) page.drawText('No records match.', { x: margin, y, size: 9, font });
  return pdf.save();
}
