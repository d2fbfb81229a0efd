using System.Text;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>Writes test messages as lines; <c>{CL}</c> in a line becomes the body's UTF-8 length.</summary>
internal static class SipText
{
    public static byte[] Message(string[] lines, string body = "", string lineEnd = "\r\n")
    {
        var length = Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            sb.Append(line.Replace("{CL}", length, StringComparison.Ordinal)).Append(lineEnd);
        }

        sb.Append(lineEnd).Append(body);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
