namespace PresenceAgent.Documents.Pidf;

/// <summary>The namespace names a presence document uses, exactly as registered.</summary>
internal static class PidfNamespaces
{
    /// <summary>RFC 3863 §4.4 (PIDF).</summary>
    public const string Pidf = "urn:ietf:params:xml:ns:pidf";

    /// <summary>RFC 4479 (presence data model: person, device).</summary>
    public const string DataModel = "urn:ietf:params:xml:ns:pidf:data-model";

    /// <summary>RFC 4480 (RPID).</summary>
    public const string Rpid = "urn:ietf:params:xml:ns:pidf:rpid";

    /// <summary>RFC 4482 (CIPID).</summary>
    public const string Cipid = "urn:ietf:params:xml:ns:pidf:cipid";

    /// <summary>The namespace bound to the reserved <c>xml</c> prefix (xml:lang).</summary>
    public const string Xml = "http://www.w3.org/XML/1998/namespace";
}
