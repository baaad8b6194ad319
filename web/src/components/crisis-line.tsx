/** Always on screen: patients may be in distress, and staff may need the number for someone else. */
export function CrisisLine() {
  return (
    <p className="crisis-line">
      In crisis? Call or text <a href="tel:988">988</a> (<a href="tel:911">911</a> in an emergency)
    </p>
  );
}
