// "Use my location": asks the browser for its position and searches from there. The position goes
// only to this site's own search, as the lat and lon of the same GET form.
// The button is made here: without this script it could not work, so it is not on the page at all.
const actions = document.getElementById('locator-actions');
const status = document.getElementById('locate-status');
if (actions && 'geolocation' in navigator) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.id = 'use-location';
  button.textContent = 'Use my location';
  actions.append(' ', button);
  button.addEventListener('click', () => {
    status.textContent = 'Finding your location…';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const radius = document.getElementById('radiusMiles').value;
        const params = new URLSearchParams({
          lat: position.coords.latitude.toFixed(4),
          lon: position.coords.longitude.toFixed(4),
          radiusMiles: radius,
        });
        window.location.assign(`/clinics?${params}`);
      },
      () => {
        status.textContent = 'We could not get your location. Enter a ZIP code or a city instead.';
      },
      { timeout: 10000, maximumAge: 600000 },
    );
  });
}
