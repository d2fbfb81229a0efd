using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// The fields of one message while its header section is read. They are kept on the stack (up to
/// <see cref="InlineCount"/>) so the array the message keeps is rented once, at its final size, instead of growing.
/// </summary>
internal struct ParsedFields
{
    /// <summary>Enough for the Lync requests we see (about 20 fields); more spill to a list.</summary>
    private const int InlineCount = 32;

    private Inline _inline;
    private List<HeaderField>? _overflow;
    private int _count;

    public void Add(in HeaderField field)
    {
        if (_count < InlineCount)
        {
            _inline[_count] = field;
        }
        else
        {
            (_overflow ??= new List<HeaderField>(InlineCount)).Add(field);
        }

        _count++;
    }

    /// <summary>The headers, in an array rented to be given back with the message (<see cref="SipMessage.BytesReleased"/>).</summary>
    public SipHeaders ToHeaders()
    {
        var headers = SipHeaders.Rent(_count);
        CopyTo(headers);
        return headers;
    }

    /// <summary>The fields into emptied headers being parsed into again (<see cref="ReceivedMessages"/>).</summary>
    public void CopyTo(SipHeaders headers)
    {
        headers.Reserve(_count);
        headers.AddParsed(((ReadOnlySpan<HeaderField>)_inline)[..Math.Min(_count, InlineCount)]);
        if (_overflow is not null)
        {
            headers.AddParsed(CollectionsMarshal.AsSpan(_overflow));
        }
    }

    [InlineArray(InlineCount)]
    private struct Inline
    {
        private HeaderField _field;
    }
}
