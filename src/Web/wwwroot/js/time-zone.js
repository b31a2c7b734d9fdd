// On a browser's first visit, remembers its time zone so the server shows every time in it; a page that shows times
// is loaded once more to use it. Without script or cookies, times stay in UTC and say so.
(function () {
    const name = 'casportal.tz';
    if (document.cookie.split('; ').some(c => c.startsWith(name + '='))) {
        return;
    }
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) {
        return;
    }
    document.cookie = name + '=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax'
        + (location.protocol === 'https:' ? '; secure' : '');
    const remembered = document.cookie.split('; ').some(c => c.startsWith(name + '='));
    if (remembered && zone !== 'UTC' && document.querySelector('[data-viewer-times]')) {
        location.reload();
    }
})();
