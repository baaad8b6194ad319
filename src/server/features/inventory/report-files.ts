import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { printable, wrapToWidth } from '../../pdf/text.ts';
import { csvCell } from '../audit/service.ts';
import type { Report } from './reports.ts';

/**
 * The CSV starts every row with the registrant it belongs to (location, registered address, DEA
 * registration): a spreadsheet keeps one header row and the registrant stays with each record when
 * rows are sorted, filtered or pasted elsewhere, and a report over several locations stays exact.
 */
export function reportCsv(report: Report): string {
  const registrants = new Map(report.registrants.map((r) => [r.locationId, r]));
  const header = [
    'Registrant',
    'Registered address',
    'DEA registration',
    ...report.columns.map((c) => c.label),
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const row of report.rows) {
    const r = registrants.get(String(row.locationId));
    const cells = [r?.name ?? null, r?.address ?? null, r?.deaRegistration ?? null];
    lines.push([...cells, ...report.columns.map((c) => row[c.key] ?? null)].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const PAGE: [number, number] = [792, 612]; // US letter, landscape
const MARGIN = 30;
const FOOTER = 14;
const SIZE = 7;
const LINE = 8.5;
const PAD = 2.5;
/** No column is widened past this to keep one long word whole; longer words break. */
const WORD_CAP = 80;

/**
 * How much of the spare width a column gets, relative to an ordinary one: long values (addresses,
 * names, reasons) get more, short ones (quantities, units, sequence numbers) less.
 */
const COLUMN_WEIGHTS: Record<string, number> = {
  occurredAt: 1.3,
  countedAt: 1.3,
  product: 2,
  patient: 1.6,
  address: 2.8,
  supplierName: 1.6,
  supplierAddress: 2.8,
  recipientName: 1.6,
  reason: 2.4,
  method: 1.6,
  place: 1.6,
  stepsTaken: 2.4,
  cabinet: 1.4,
  by: 1.3,
  witnesses: 1.5,
  quantity: 0.7,
  unit: 0.5,
  ml: 0.5,
  seq: 0.6,
  containers: 0.7,
  expected: 0.7,
  counted: 0.7,
  kind: 0.8,
};

const cellText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function widestWord(text: string, font: PDFFont): number {
  let widest = 0;
  for (const word of printable(text).split(/\s+/))
    widest = Math.max(widest, font.widthOfTextAtSize(word, SIZE));
  return Math.min(widest, WORD_CAP);
}

/**
 * Each column is first as wide as its widest word (so dates, lot and DEA numbers stay on one line),
 * then the spare width is shared by weight. When even the words do not fit, widths scale down and
 * the longest words break over lines instead.
 */
function columnWidths(report: Report, font: PDFFont, bold: PDFFont): number[] {
  const available = PAGE[0] - 2 * MARGIN;
  const natural = report.columns.map((c) => {
    let widest = widestWord(c.label, bold);
    for (const row of report.rows) widest = Math.max(widest, widestWord(cellText(row[c.key]), font));
    return widest + 2 * PAD;
  });
  const used = natural.reduce((a, b) => a + b, 0);
  if (used >= available) return natural.map((w) => (w * available) / used);
  const weights = report.columns.map((c) => COLUMN_WEIGHTS[c.key] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  return natural.map((w, i) => w + ((available - used) * (weights[i] as number)) / total);
}

/**
 * A printable landscape table that keeps every character of every value: cells wrap over as many
 * lines as they need, a row is as tall as its tallest cell, a row that does not fit starts a new page,
 * and every page repeats the title, the subtitle lines and the header row.
 */
export async function reportPdf(report: Report, subtitle: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(printable(report.title));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const widths = columnWidths(report, font, bold);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const wrapCells = (texts: string[], f: PDFFont) =>
    texts.map((text, i) => wrapToWidth(text, f, SIZE, (widths[i] as number) - 2 * PAD));
  const header = wrapCells(
    report.columns.map((c) => c.label),
    bold,
  );
  const subtitleLines = subtitle.flatMap((s) => wrapToWidth(s, font, 8, PAGE[0] - 2 * MARGIN));

  let page: PDFPage = pdf.addPage(PAGE);
  let y = 0;
  let rowsOnPage = 0;
  const bottom = MARGIN + FOOTER;
  const roomInLines = () => Math.floor((y - bottom) / LINE);

  const drawCells = (cells: string[][], f: PDFFont) => {
    const height = Math.max(1, ...cells.map((lines) => lines.length));
    cells.forEach((lines, i) => {
      lines.forEach((line, j) => {
        page.drawText(line, { x: (xs[i] as number) + PAD, y: y - SIZE - j * LINE, size: SIZE, font: f });
      });
    });
    y -= height * LINE + 2;
  };
  const rule = (thickness: number, shade: number) => {
    page.drawLine({
      start: { x: MARGIN, y: y + 1 },
      end: { x: PAGE[0] - MARGIN, y: y + 1 },
      thickness,
      color: rgb(shade, shade, shade),
    });
    y -= 1;
  };
  const startPage = (fresh: boolean) => {
    if (fresh) page = pdf.addPage(PAGE);
    y = PAGE[1] - MARGIN;
    rowsOnPage = 0;
    page.drawText(printable(report.title), { x: MARGIN, y: y - 13, size: 13, font: bold });
    y -= 20;
    for (const line of subtitleLines) {
      page.drawText(line, { x: MARGIN, y: y - 8, size: 8, font, color: rgb(0.2, 0.2, 0.2) });
      y -= 10;
    }
    y -= 6;
    drawCells(header, bold);
    rule(0.75, 0);
  };

  startPage(false);
  for (const row of report.rows) {
    let cells = wrapCells(
      report.columns.map((c) => cellText(row[c.key])),
      font,
    );
    for (;;) {
      const needed = Math.max(1, ...cells.map((lines) => lines.length));
      const room = roomInLines();
      if (needed <= room) {
        drawCells(cells, font);
        rule(0.25, 0.7);
        rowsOnPage += 1;
        break;
      }
      if (rowsOnPage > 0) {
        startPage(true);
        continue;
      }
      // Taller than a whole page: print what fits and carry on with the rest of the row overleaf.
      const fit = Math.max(room, 1);
      drawCells(
        cells.map((lines) => lines.slice(0, fit)),
        font,
      );
      cells = cells.map((lines) => lines.slice(fit));
      startPage(true);
    }
  }
  if (report.rows.length === 0) page.drawText('No records match.', { x: MARGIN, y: y - 9, size: 9, font });

  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const footer = `${printable(report.title)} · page ${i + 1} of ${pages.length}`;
    p.drawText(footer, { x: MARGIN, y: MARGIN, size: 7, font, color: rgb(0.3, 0.3, 0.3) });
  });
  return pdf.save();
}
