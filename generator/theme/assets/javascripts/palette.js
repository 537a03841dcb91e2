/* The colour scheme toggle's two scripts, loaded without defer right after the toggle in
   partials/header.html (a file the browser caches, not 1 KB in every page; issue #21). */

/* Material shows the toggle of the scheme in use but checks none of its radios until one is
   clicked: Tab then lands on the first, named "Chuyển sang giao diện tối" even when the dark
   scheme is on, and Enter switches to light. Check the radio of the scheme in use, picked as
   Material's bundle picks it (stored choice, else the system's); setting `checked` fires no
   event, so Material's state is untouched. */
(function(){var inputs=document.querySelectorAll("[data-md-component=palette] input"),stored=__md_get("__palette"),index=stored?stored.index:Array.prototype.findIndex.call(inputs,function(input){return matchMedia(input.getAttribute("data-md-color-media")).matches});if(inputs.length)inputs[Math.max(0,Math.min(index,inputs.length-1))].checked=true})();

/* Material's partials/javascripts/palette.html (9.x), unchanged: a stored scheme applied
   before the page is shown. */
(function(){var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}})();
