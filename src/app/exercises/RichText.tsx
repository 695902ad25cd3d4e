/** Exercise text: paragraphs split at blank lines, `code` in backticks. Text only, never HTML. */
export function RichText({ text, className }: { text: string; className?: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
  return (
    <div className={className}>
      {paragraphs.map((p, i) => (
        <p key={i}>
          {p.split('`').map((part, j) => (j % 2 === 1 ? <code key={j}>{part}</code> : part))}
        </p>
      ))}
    </div>
  );
}
