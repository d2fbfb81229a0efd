using PresenceAgent.Diagnostics;
using PresenceAgent.Presence;
using PresenceAgent.RoutingRules;
using PresenceAgent.Telemetry;

namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// <c>GET /admin/api/rule-test?alias=…</c>: the rule tester's answer, from the same <see cref="AliasExplainer"/> as
/// <c>/admin/rules/explain</c> and the <c>explain</c> command (so all three agree with what a SUBSCRIBE gets): who
/// answers, each rule's verdict, replacement and time on this alias with its lint warnings, the warnings of the whole
/// set, and the NOTIFY bodies a watcher would get, rendered by the agent's own document writers.
/// </summary>
/// <param name="Typed">The alias as typed.</param>
/// <param name="Uri">The URI looked up, or null when the text is no alias.</param>
/// <param name="AssumedDomain">The domain a bare alias was taken in, or null.</param>
/// <param name="Answer">Service, Gateway, List, NoPresence, DomainNotServed or NotAnAlias.</param>
/// <param name="SubscribeStatus">The SUBSCRIBE's final status.</param>
/// <param name="Summary">One sentence for the admin.</param>
/// <param name="Contact">The name watchers see for the contact that answers, or null.</param>
/// <param name="Rule">The rule that answers (a gateway alias), or null.</param>
/// <param name="Replacement">What that rule routes the alias to, or null.</param>
/// <param name="Rules">Every rule's verdict in evaluation order; empty when no rule ran.</param>
/// <param name="Lint">Every lint warning of the rule set.</param>
/// <param name="Documents">The documents a watcher gets, one per format (none for a list or a 404).</param>
/// <param name="Members">A list's members, each as its watchers see it.</param>
internal sealed record RuleTestView(string Typed, string? Uri, string? AssumedDomain, string Answer, int SubscribeStatus, string Summary,
    string? Contact, string? Rule, string? Replacement, RuleTestRuleView[] Rules, LintView[] Lint, DocumentView[] Documents,
    RuleTestMemberView[] Members)
{
    public static RuleTestView Of(AliasExplanation e, RoutingRuleSet rules)
    {
        var lint = rules.Lint().Select(w => new LintView(w.RuleName, w.Severity.ToString(), w.Code.ToString(), w.Message)).ToArray();
        var byName = rules.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var verdicts = e.Rules.Select(v =>
        {
            var rule = byName[v.Name];
            return new RuleTestRuleView(v.Name, rule.Priority, v.Enabled, rule.Engine.ToString(), rule.Definition.Match ?? "", rule.Definition.Replace,
                v.Matched, v.TimedOut, v.Destination, v.Winner, v.Elapsed.TotalMicroseconds,
                [.. lint.Where(w => string.Equals(w.Rule, v.Name, StringComparison.Ordinal)).Select(w => w.Message)]);
        }).ToArray();
        var winner = Array.Find(verdicts, v => v.Winner);
        var gateway = e.Answer == AliasAnswer.Gateway;
        return new RuleTestView(e.Typed, e.Uri, e.AssumedDomain, e.Answer.ToString(), e.SubscribeStatus, e.Summary, e.ContactName,
            gateway ? winner?.Name : null, gateway ? winner?.Destination : null, verdicts, lint,
            [.. e.Documents.Select(d => new DocumentView(FormatOf(d.ContentType), d.ContentType, d.Body))],
            [.. e.Members.Select(m => new RuleTestMemberView(m.Typed, m.Answer.ToString(), m.Summary))]);
    }

    private static string FormatOf(string contentType) => SubscriptionInstruments.FormatLabel(contentType switch
    {
        DocumentFormats.CategoriesType => DocumentFormat.MsrtcCategories,
        DocumentFormats.XpidfType => DocumentFormat.Xpidf,
        _ => DocumentFormat.Pidf,
    });
}

/// <param name="Name">The rule's name.</param>
/// <param name="Priority">Its priority: lower runs first.</param>
/// <param name="Enabled">A disabled rule is tried here but never answers.</param>
/// <param name="Engine">The regex engine it runs on (NonBacktracking, or Backtracking with a timeout).</param>
/// <param name="Match">Its pattern, as configured.</param>
/// <param name="Replace">Its replacement template, as configured, or null.</param>
/// <param name="Matched">Whether its pattern matches the alias.</param>
/// <param name="TimedOut">Whether it ran out of RoutingRules:MatchTimeout (then it does not match).</param>
/// <param name="Destination">What it routes the alias to, or null.</param>
/// <param name="Winner">Whether it is the rule that answers.</param>
/// <param name="Microseconds">How long it took on this alias: one run, a hint of cost, not a benchmark.</param>
/// <param name="Lint">The lint warnings about this rule.</param>
internal sealed record RuleTestRuleView(string Name, int Priority, bool Enabled, string Engine, string Match, string? Replace, bool Matched,
    bool TimedOut, string? Destination, bool Winner, double Microseconds, string[] Lint);

/// <param name="Rule">The rule it is about.</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Code">The kind of finding.</param>
/// <param name="Message">What to do.</param>
internal sealed record LintView(string Rule, string Severity, string Code, string Message);

/// <param name="Format">pidf, msrtc or xpidf, as metrics label formats.</param>
/// <param name="ContentType">The NOTIFY's Content-Type.</param>
/// <param name="Body">The NOTIFY's body.</param>
internal sealed record DocumentView(string Format, string ContentType, string Body);

/// <param name="Typed">The member as the list names it.</param>
/// <param name="Answer">What answers for it.</param>
/// <param name="Summary">One sentence for the admin.</param>
internal sealed record RuleTestMemberView(string Typed, string Answer, string Summary);
