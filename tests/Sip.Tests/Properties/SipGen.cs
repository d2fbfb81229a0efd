using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace PresenceAgent.Sip.Tests.Properties;

/// <summary>
/// Generators of well-formed header values (RFC 3261 §25.1), each in the canonical form our types print, so a value
/// that parses can be compared with the text it came from.
/// </summary>
internal static class SipGen
{
    private const string Alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string AlphaNum = Alpha + "0123456789";

    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static readonly Gen<string> Token = StringOf(AlphaNum + "-.!%*_+`'~", 1, 12);

    /// <summary>pname and pvalue = 1*paramchar (RFC 3261 §25.1): unreserved, param-unreserved and escapes.</summary>
    private static readonly Gen<string> ParamText = Gen.OneOf(
        StringOf(AlphaNum + "-_.!~*'()[]/:&+$", 1, 10),
        Gen.Elements("%3B", "a%2f%3F", "%00", "[2001:db8::1]"));

    public static readonly Gen<string> Method = Gen.Elements("INVITE", "SUBSCRIBE", "NOTIFY", "OPTIONS", "PUBLISH", "MESSAGE", "REGISTER", "BYE", "INFO", "X-EXT.1");

    public static readonly Gen<string> Host = Gen.OneOf(
        from labels in Gen.ListOf(StringOf(AlphaNum, 1, 8), 3) select string.Join('.', labels).ToLowerInvariant(),
        from a in Gen.ArrayOf(Gen.Choose(0, 255), 4) select string.Join('.', a),
        Gen.Elements("[::1]", "[2001:db8::10]", "[fe80::1:2:3:4]"));

    public static readonly Gen<string> Port = Gen.OneOf(Gen.Constant(""), from p in Gen.Choose(1, 65535) select ":" + p.ToString(CultureInfo.InvariantCulture));

    /// <summary>user = 1*( unreserved / escaped / user-unreserved ).</summary>
    public static readonly Gen<string> User = Gen.OneOf(
        StringOf(AlphaNum + "-_.!~*'()&=+$,;?/", 1, 10),
        Gen.Elements("alice", "+15550100", "a%20b", "%E2%82%AC"));

    /// <summary>A user outside angle brackets: no ';', '?' or ',', which would end the URI or the list element there.</summary>
    private static readonly Gen<string> AddrSpecUser = StringOf(AlphaNum + "-_.!~*'()&=+$/", 1, 10);

    /// <summary>A ;name[=value] list: plain tokens and a quoted string that hides a ';' and an escaped quote.</summary>
    public static Gen<string> Parameters(int max) =>
        from count in Gen.Choose(0, max)
        from items in Gen.ArrayOf(Gen.OneOf(
                from n in Token select ";" + n,
                from n in Token from v in Token select $";{n}={v}",
                from n in Token select $";{n}=\"a;b \\\" c\""), count)
        select string.Concat(items);

    /// <summary>URI parameters: no quoted strings (RFC 3261 §19.1.1 uri-parameter has none).</summary>
    private static readonly Gen<string> UriParameters =
        from count in Gen.Choose(0, 3)
        from items in Gen.ArrayOf(Gen.OneOf(
                Gen.Elements(";lr", ";transport=tcp", ";user=phone", ";maddr=192.0.2.1"),
                from n in ParamText select ";x" + n,
                from n in ParamText from v in ParamText select $";x{n}={v}"), count)
        select string.Concat(items);

    public static readonly Gen<string> RequestUri =
        from scheme in Gen.Elements("sip", "sips")
        from user in Gen.OneOf(Gen.Constant(""), from u in User select u + "@")
        from host in Host
        from port in Port
        from parameters in UriParameters
        select $"{scheme}:{user}{host}{port}{parameters}";

    /// <summary>A URI that may carry ?headers, as a Contact or Refer-To may.</summary>
    public static readonly Gen<string> Uri = Gen.OneOf(RequestUri, from u in RequestUri select u + "?subject=hi&priority=urgent");

    /// <summary>name-addr, or addr-spec without URI parameters (which would read as header parameters).</summary>
    public static readonly Gen<string> NameAddress = Gen.OneOf(
        from display in Gen.OneOf(Gen.Constant(""), Gen.Elements("Bob ", "\"Alice Example\" ", "\"quote \\\" and \\\\ é\" ", "\"\" "))
        from uri in Uri
        from parameters in Parameters(3)
        select $"{display}<{uri}>{parameters}",
        from scheme in Gen.Elements("sip", "sips")
        from user in AddrSpecUser
        from host in Host
        from parameters in Parameters(2)
        select $"{scheme}:{user}@{host}{parameters}");

    public static readonly Gen<string> Via =
        from transport in Gen.Elements("UDP", "TCP", "TLS", "SCTP", "WS")
        from host in Host
        from port in Port
        from branch in Token
        from extra in Gen.SubListOf(";rport", ";received=192.0.2.7", ";ms-received-port=5061", ";maddr=\"x, y\"")
        select $"SIP/2.0/{transport} {host}{port};branch=z9hG4bK{branch}{string.Concat(extra)}";

    public static readonly Gen<string> CallId =
        from word in StringOf(AlphaNum + "-.!%*_+`'~()<>:\\\"/[]?{}", 1, 20)
        from host in Gen.OneOf(Gen.Constant(""), from h in Host select "@" + h)
        select word + host;

    public static readonly Gen<uint> CSeqNumber = Gen.OneOf(Gen.Constant(uint.MaxValue), Gen.Constant(0u), from n in Gen.Choose(0, int.MaxValue) select (uint)n);

    public static readonly Gen<string> DeltaSeconds = from n in CSeqNumber select n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Free text for Subject, User-Agent, reason phrases and extension headers: UTF-8, quotes, commas, inner WSP.</summary>
    public static readonly Gen<string> Text =
        from first in StringOf(AlphaNum + "\"',;:<>@\\/()[]{}=?éü中😀", 1, 1)
        from middle in StringOf(AlphaNum + " \t\"',;:<>@\\/()[]{}=?%éü中😀", 0, 40)
        from last in StringOf(AlphaNum + "\"'>)é", 1, 1)
        select first + middle + last;

    public static Gen<string> List(Gen<string> element) =>
        from count in Gen.Choose(1, 4)
        from items in Gen.ArrayOf(element, count)
        select string.Join(", ", items);

    public static Gen<string> StringOf(string alphabet, int min, int max)
    {
        // Text elements, so a surrogate pair from the alphabet is never split.
        var elements = StringInfo.GetTextElementEnumerator(alphabet);
        var units = new List<string>();
        while (elements.MoveNext())
        {
            units.Add(elements.GetTextElement());
        }

        return from n in Gen.Choose(min, max)
               from chars in Gen.ArrayOf(Gen.Elements(units.ToArray()), n)
               select string.Concat(chars);
    }
}
