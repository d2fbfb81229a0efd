namespace PresenceAgent.Diagnostics;

/// <summary>An <see cref="AliasExplanation"/> as the <c>explain</c> command prints it.</summary>
internal static class AliasExplanationText
{
    public static void Write(TextWriter output, AliasExplanation e, string indent = "")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(e);
        var taken = e.AssumedDomain is { } domain ? $" (taken in {domain}, the first of Sip:Domains)" : "";
        output.WriteLine($"{indent}{e.Typed}{(e.Uri is { } uri ? " -> " + uri : "")}{taken}");
        output.WriteLine($"{indent}  {e.Summary} SUBSCRIBE: {e.SubscribeStatus}");
        if (e.RuleOutcome is { } outcome)
        {
            output.WriteLine($"{indent}  rules ({outcome}):");
            foreach (var r in e.Rules)
            {
                var verdict = r.TimedOut ? "timed out" : r.Matched ? "matches -> " + r.Destination : "no match";
                output.WriteLine($"{indent}    {(r.Winner ? "*" : " ")} {r.Name,-24} {(r.Enabled ? "" : "(disabled) ")}{verdict}");
            }
        }

        foreach (var d in e.Documents)
        {
            output.WriteLine($"{indent}  {d.ContentType}:");
            output.WriteLine($"{indent}    {d.Body.ReplaceLineEndings(Environment.NewLine + indent + "    ")}");
        }

        foreach (var member in e.Members)
        {
            Write(output, member, indent + "  ");
        }
    }
}
