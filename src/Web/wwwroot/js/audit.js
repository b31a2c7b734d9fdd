// Preselects the viewer's own time zone on a first visit, so times read as local without an inline script.
(function () {
    const select = document.getElementById('tz');
    if (!select || new URLSearchParams(window.location.search).has('tz')) {
        return;
    }
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && Array.from(select.options).some(o => o.value === zone)) {
        select.value = zone;
    }
})();
