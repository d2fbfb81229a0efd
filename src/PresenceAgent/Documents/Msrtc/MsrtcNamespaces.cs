namespace PresenceAgent.Documents.Msrtc;

/// <summary>Namespace names of Microsoft enhanced presence ([MS-PRES] §2.2.2), exactly as the schemas declare them.</summary>
internal static class MsrtcNamespaces
{
    public const string Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    public const string State = "http://schemas.microsoft.com/2006/09/sip/state";

    // Lowercase "contactcard": one SDK page capitalises it, the schema and every instance example do not.
    public const string ContactCard = "http://schemas.microsoft.com/2006/09/sip/contactcard";
    /// <summary>The <c>delimiter</c> and <c>end</c> markers that separate versions of a category's schema.</summary>
    public const string CommonTypes = "http://schemas.microsoft.com/2006/09/sip/commontypes";
    public const string Note = "http://schemas.microsoft.com/2006/09/sip/note";
    public const string Service = "http://schemas.microsoft.com/2006/09/sip/service";
    public const string CategoryList = "http://schemas.microsoft.com/2006/09/sip/categorylist";
    public const string BatchSubscribe = "http://schemas.microsoft.com/2006/01/sip/batch-subscribe";
    public const string XmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";
}
