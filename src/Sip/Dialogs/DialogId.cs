namespace PresenceAgent.Sip.Dialogs;

/// <summary>Call-ID plus both tags identify a dialog (RFC 3261 §12). Value equality, no allocation to look up.</summary>
public readonly record struct DialogId(string CallId, string LocalTag, string RemoteTag);
