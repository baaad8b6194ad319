/** First stop for keyboard users: past the header and navigation to the screen's content. */
export function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to main content
    </a>
  );
}
