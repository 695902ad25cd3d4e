/** A small writer for block-structured configuration text (nginx.conf): indentation and comments. */

export class BlockWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  constructor(
    private readonly withComments: boolean,
    private readonly indentUnit = '    ',
  ) {}

  line(text: string): void {
    this.lines.push(text === '' ? '' : `${this.indentUnit.repeat(this.depth)}${text}`);
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  /** A comment line (`# text`), left out when comments are off. Multi-line text gives one `#` per line. */
  comment(text: string): void {
    if (!this.withComments) return;
    for (const l of text.split('\n')) this.line(l === '' ? '#' : `# ${l}`);
  }

  open(head: string): void {
    this.line(`${head} {`);
    this.depth++;
  }

  close(): void {
    this.depth = Math.max(0, this.depth - 1);
    this.line('}');
  }

  text(): string {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return `${this.lines.join('\n')}\n`;
  }
}
