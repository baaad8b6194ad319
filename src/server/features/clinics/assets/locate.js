// "Use my location": asks the browser for its position and searches from there. The position goes
// only to this site's own search, as the lat and lon of the same GET form.
const button = document.getElementById('use-location');
const status = document.getElementById('locate-status');
if (button && 'geolocation' in navigator) {
  button.hidden = false;
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
