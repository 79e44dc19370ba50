vcl 4.1;
# Souk behind Varnish (Debian's varnish 7.x, no extra module).
#
# What it keeps: anonymous catalogue pages the application marks as shared (Cache-Control:
# public, s-maxage=…, with a Surrogate-Key header listing what the page shows: product:12,
# shop:3, list:cat:5, rates, …). Nothing else: a response without Surrogate-Key is never kept.
# Visitors with a session (a cart, signed in) always reach the application, which answers
# them from its own page cache with their header filled in.
# What it forgets: the application sends `BAN` with a `Souk-Ban` header (a regular expression
# over the keys) after each change commits (EDGE_PURGER=marketplace.caching.edge.VarnishPurger,
# EDGE_PURGE_URLS=http://<this varnish>/); every object carrying one of the keys goes.
#
# Start (see README, "Behind Varnish"):
#   varnishd -a 127.0.0.1:6081 -f /etc/varnish/souk.vcl -s malloc,256m
# The backend address below is replaced by deployment (or by the tests) with the app's.

import std;
import cookie;

backend souk {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (!req.http.Souk-Ban) {
            return (synth(400, "Souk-Ban missing"));
        }
        # obj.* only, so the ban lurker can clear old objects in the background.
        ban("obj.http.Surrogate-Key ~ " + req.http.Souk-Ban);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Tell the application a shared cache asks: it answers without any personal bit.
    set req.http.Surrogate-Capability = "souk=ESI/1.0";
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        if (cookie.isset("sessionid")) {
            # A cart or a signed-in visitor: their own header, from the application.
            unset req.http.Surrogate-Capability;
            return (pass);
        }
        # Only the currency reaches the application and the cache key; the CSRF and language
        # cookies are the visitor's business (the token is fetched by personal.js).
        set req.http.X-Souk-Currency = cookie.get("souk_currency");
        unset req.http.Cookie;
        if (req.http.X-Souk-Currency ~ "^(MAD|EUR|USD)$") {
            set req.http.Cookie = "souk_currency=" + req.http.X-Souk-Currency;
        } else {
            unset req.http.X-Souk-Currency;
        }
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    }
    hash_data(req.http.X-Souk-Currency);
    return (lookup);
}

sub vcl_backend_response {
    if (!beresp.http.Surrogate-Key || beresp.http.Set-Cookie || beresp.status != 200) {
        # Not a shared page: never kept, and the next request goes straight to the app.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # The application sent max-age=0 for browsers and s-maxage for us (Varnish honours it).
    # No grace: a page past its time is fetched again, never served stale meanwhile.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for us, not for browsers.
    unset resp.http.Surrogate-Key;
    unset resp.http.xkey;
    return (deliver);
}
