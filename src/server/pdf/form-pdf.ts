import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { printable, wrapToWidth } from './text.ts';

export type PdfForm = {
  title: string;
  subtitle: string;
  /** Printed in a box under the title (what the document is and is not). */
  notice?: string;
  sections: { title: string; note?: string; rows: { label: string; value: string; mark?: string }[] }[];
  footer: string;
};

const PAGE: [number, number] = [612, 792];
const MARGIN = 40;
const LABEL_WIDTH = 230;

/** A printable portrait form: sections of label and value rows, wrapped, with page breaks. */
export async function formPdf(form: PdfForm): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(printable(form.title));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = PAGE[0] - 2 * MARGIN;
  let page: PDFPage = pdf.addPage(PAGE);
  let y = PAGE[1] - MARGIN;

  const room = (needed: number) => {
    if (y - needed >= MARGIN + 14) return;
    page = pdf.addPage(PAGE);
    y = PAGE[1] - MARGIN;
  };
  const lines = (text: string, f: PDFFont, size: number, x: number, w: number, color = rgb(0, 0, 0)) => {
    const wrapped = wrapToWidth(text, f, size, w);
    room(wrapped.length * (size + 3));
    for (const line of wrapped) {
      page.drawText(line, { x, y, size, font: f, color });
      y -= size + 3;
    }
  };

  lines(form.title, bold, 14, MARGIN, width);
  lines(form.subtitle, font, 8, MARGIN, width, rgb(0.25, 0.25, 0.25));
  y -= 4;
  if (form.notice) {
    const wrapped = wrapToWidth(form.notice, bold, 8, width - 12);
    const height = wrapped.length * 11 + 8;
    room(height);
    page.drawRectangle({
      x: MARGIN,
      y: y - height + 10,
      width,
      height,
      borderColor: rgb(0, 0, 0),
      borderWidth: 0.75,
    });
    y -= 2;
    for (const line of wrapped) {
      page.drawText(line, { x: MARGIN + 6, y, size: 8, font: bold });
      y -= 11;
    }
    y -= 8;
  }
  for (const section of form.sections) {
    room(40);
    y -= 6;
    lines(section.title, bold, 11, MARGIN, width);
    if (section.note) lines(section.note, font, 7, MARGIN, width, rgb(0.3, 0.3, 0.3));
    page.drawLine({ start: { x: MARGIN, y: y + 2 }, end: { x: PAGE[0] - MARGIN, y: y + 2 }, thickness: 0.5 });
    y -= 6;
    for (const row of section.rows) {
      const label = wrapToWidth(`${row.mark ?? ''}${row.label}`, font, 8, LABEL_WIDTH - 8);
      const value = wrapToWidth(row.value || '—', bold, 9, width - LABEL_WIDTH);
      const height = Math.max(label.length * 11, value.length * 12);
      room(height);
      const top = y;
      for (const line of label) {
        page.drawText(line, { x: MARGIN, y, size: 8, font, color: rgb(0.2, 0.2, 0.2) });
        y -= 11;
      }
      y = top;
      for (const line of value) {
        page.drawText(line, { x: MARGIN + LABEL_WIDTH, y, size: 9, font: bold });
        y -= 12;
      }
      y = top - height - 2;
    }
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    p.drawText(printable(`${form.footer} · page ${i + 1} of ${pages.length}`), {
      x: MARGIN,
      y: MARGIN - 20,
      size: 7,
      font,
      color: rgb(0.35, 0.35, 0.35),
    });
  });
  return pdf.save();
}
