import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFRef } from 'pdf-lib';

/**
 * The strings a PDF made with pdf-lib's standard fonts shows, page by page, in drawing order: each
 * `<hex> Tj` decoded as Windows-1252 (enough for the Latin text our reports print).
 */
export async function pdfTextRuns(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray
        ? contents.asArray().map((ref) => pdf.context.lookup(ref as PDFRef))
        : [contents];
    const runs: string[] = [];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const [, hex] of text.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        runs.push(Buffer.from(hex as string, 'hex').toString('latin1'));
      }
    }
    return runs;
  });
}
