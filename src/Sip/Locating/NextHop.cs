using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Locating;

/// <summary>Where a request we send goes first (RFC 3261 §8.1.2, §12.2.1.1).</summary>
internal static class NextHop
{
    /// <summary>
    /// The first Route when it is a loose router (<c>lr</c>), else the Request-URI. A first Route without <c>lr</c> is a
    /// strict router (RFC 2543): §12.2.1.1 moves it into the Request-URI and appends the remote target as the last
    /// Route, so the request is rewritten in place. False with a reason when a Route cannot be read.
    /// </summary>
    public static bool TryGet(SipRequest request, out SipUri nextHop, out string error)
    {
        error = "";
        nextHop = request.RequestUri;
        if (!request.Headers.Contains(HeaderKind.Route))
        {
            return true;
        }

        var routes = new List<NameAddress>();
        foreach (var value in request.Headers.GetValues(HeaderKind.Route))
        {
            if (!NameAddress.TryParse(value, out var route) || !route.Uri.IsSip)
            {
                error = "unreadable Route";
                return false;
            }

            routes.Add(route);
        }

        var first = routes[0].Uri;
        if (first.IsLooseRouter)
        {
            nextHop = first;
            return true;
        }

        // Strict routing: Request-URI := first route (no headers, which a Request-URI may not carry, §19.1.5);
        // Route := the rest, then the remote target.
        var remoteTarget = request.RequestUri;
        request.RequestUri = first.WithoutHeaders();
        request.Headers.RemoveAll(HeaderKind.Route);
        for (var i = 1; i < routes.Count; i++)
        {
            request.Headers.Add(HeaderKind.Route, routes[i].ToString());
        }

        request.Headers.Add(HeaderKind.Route, new NameAddress(remoteTarget).ToString());
        nextHop = request.RequestUri;
        return true;
    }
}
