namespace PresenceAgent.Sip.Parsing;

public enum FrameStatus
{
    /// <summary>A whole message of the reported length starts at the beginning of the buffer.</summary>
    Complete,

    /// <summary>The buffer holds only part of a message; nothing was consumed.</summary>
    NeedMore,

    /// <summary>Leading CRLFs: a keep-alive ping (CRLFCRLF, RFC 5626 §3.5.1; answered per §5.4) or stray line ends to skip.</summary>
    KeepAlive,

    /// <summary>The bytes cannot be a SIP message or exceed a limit; the connection should close.</summary>
    Invalid,
}
