namespace PresenceAgent.LoadGen;

/// <summary>One successful call's times, in milliseconds from the call's start or from the request they answer.</summary>
/// <param name="Setup">connect, plus the TLS handshake over TLS</param>
/// <param name="Subscribe">SUBSCRIBE written to its 2xx read</param>
/// <param name="Unsubscribe">SUBSCRIBE with Expires 0 written to its 2xx read</param>
/// <param name="Call">start to the 200 for the terminating NOTIFY written</param>
internal readonly record struct CallTimes(double Setup, double Subscribe, double Unsubscribe, double Call);
