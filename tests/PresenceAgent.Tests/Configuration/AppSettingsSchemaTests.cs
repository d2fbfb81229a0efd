using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Json.Schema;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Http;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy.EventSink;
using PresenceAgent.Publications;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Core;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Configuration;

/// <summary>
/// appsettings.schema.json, which editors apply through the <c>$schema</c> key of appsettings.json: the repository's
/// file passes, typical mistakes fail at their key, and the schema describes exactly the settings the agent binds,
/// with their types, defaults and bounds, so it cannot drift from the code.
/// </summary>
/// <remarks>Keys are written as configuration paths (<c>Sip:Listeners:N:Port</c>); <c>N</c> stands for any list item, <c>*</c> for any key of a map.</remarks>
public sealed class AppSettingsSchemaTests
{
    /// <summary>
    /// Every section the agent binds (see <see cref="PresenceAgent.Configuration.AgentConfiguration.Bind"/>) and the options type bound there. The
    /// completeness, type, default and bound tests walk these types by reflection; a new section is added here.
    /// </summary>
    private static readonly (string Path, Type Type)[] Sections =
    [
        ("Sip", typeof(SipStackOptions)),
        ("Services", typeof(List<ServiceOptions>)),
        ("Lists", typeof(List<ListOptions>)),
        ("RoutingRules", typeof(RoutingRuleOptions)),
        ("RoutingRules:Rules", typeof(List<RoutingRule>)),
        ("Themes", typeof(ThemeOptions)),
        ("Subscriptions", typeof(SubscriptionOptions)),
        ("Http", typeof(HttpOptions)),
        ("Presence", typeof(PresenceOptions)),
        ("EventSink", typeof(EventSinkOptions)),
        ("Publications", typeof(PublicationOptions)),
        ("Authentication", typeof(AuthenticationOptions)),
        ("AccessLevels", typeof(PresenceAgent.Access.AccessLevelOptions)),
    ];

    /// <summary>Root keys no options type binds: the schema reference itself, and Serilog's section, which the schema describes loosely.</summary>
    private static readonly string[] UnboundRootKeys = ["$schema", "Serilog"];

    /// <summary>
    /// Keys the schema describes before this code has them: <c>Sip:Dns</c> comes with the dns branch. Only excused while
    /// <see cref="SipStackOptions"/> lacks the property; once it has it, the walk checks the key like any other.
    /// </summary>
    private static readonly string[] AheadOfCode = ["Sip:Dns"];

    /// <summary>Keys whose default is computed at start (the agent's version), so the schema's description says it instead.</summary>
    private static readonly string[] ComputedDefaults = ["Sip:ServerHeader"];

    /// <summary>Keys the agent also checks against another key, so a value at the schema's bound may still be refused.</summary>
    private static readonly string[] RelativeBounds =
        ["Subscriptions:DefaultExpires", "Subscriptions:MaxExpires", "Publications:DefaultExpires", "Publications:MaxExpires"];

    /// <summary>What the configuration's JSON provider accepts besides plain JSON.</summary>
    private static readonly JsonDocumentOptions ConfigurationJson = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly string SchemaText = File.ReadAllText(RepositoryRoot.File("appsettings.schema.json"));

    private static readonly JsonElement SchemaRoot = JsonDocument.Parse(SchemaText).RootElement;

    // Its own registry: the global one refuses a second schema with the same $id.
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static string RepositorySettingsText => File.ReadAllText(RepositoryRoot.File("appsettings.json"));

    [Fact]
    public void Schema_is_a_valid_draft_2020_12_schema()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", SchemaRoot.GetProperty("$schema").GetString());
        Assert.True(SchemaRoot.TryGetProperty("$id", out _));
        Assert.True(SchemaRoot.TryGetProperty("title", out _));

        var result = MetaSchemas.Draft202012.Evaluate(SchemaRoot, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

        Assert.True(result.IsValid, string.Join(Environment.NewLine, Failures(result)));
    }

    [Fact]
    public void Patterns_are_ecmascript_regular_expressions()
    {
        // Editors run patterns as JavaScript regular expressions; .NET's ECMAScript mode refuses what they would not have.
        foreach (var (where, pattern) in Keywords(SchemaRoot, "pattern", ""))
        {
            var ex = Record.Exception(() => new Regex(pattern.GetString()!, RegexOptions.ECMAScript));
            Assert.True(ex is null, $"{where}: {ex?.Message}");
        }
    }

    [Fact]
    public void Repository_appsettings_names_the_schema_first()
    {
        var first = JsonNode.Parse(RepositorySettingsText, documentOptions: ConfigurationJson)!.AsObject().First();

        Assert.Equal("$schema", first.Key);
        Assert.Equal("./appsettings.schema.json", first.Value!.GetValue<string>());
    }

    [Fact]
    public void Repository_appsettings_is_valid() => Assert.Empty(Validate(RepositorySettingsText));

    [Fact]
    public void Readme_tls_example_is_valid()
    {
        var readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        var section = readme.IndexOf("### TLS and mutual TLS", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no TLS example section");
        var start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);

        Assert.Empty(Validate(readme[start..end]));
    }

    [Fact]
    public void Readme_custom_status_example_is_valid()
    {
        var readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        var section = readme.IndexOf("### Presence states", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no presence states section");
        var start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);

        Assert.Empty(Validate(readme[start..end]));
    }

    [Fact]
    public void Readme_publishers_example_is_valid()
    {
        var readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        var section = readme.IndexOf("### Publishing presence (SIP PUBLISH)", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no PUBLISH section");
        var start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);

        Assert.Empty(Validate(readme[start..end]));
    }

    [Fact]
    public void Readme_contact_card_example_is_valid()
    {
        var readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        var section = readme.IndexOf("### Contact cards for rooms", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no contact card section");
        var start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);

        Assert.Empty(Validate(readme[start..end]));
        var card = JsonNode.Parse(readme[start..end])!["Services"]![0]!;
        Assert.Empty(TestConfiguration.Errors(
            "Services:0:Phones:0:Number=" + card["Phones"]![0]!["Number"], "Services:0:Phones:1:Number=" + card["Phones"]![1]!["Number"],
            "Services:0:Email=" + card["Email"], "Services:0:WebSite=" + card["WebSite"]));
    }

    [Fact]
    public void Readme_access_levels_example_is_valid()
    {
        var readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        var section = readme.IndexOf("### Access levels: who sees what", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no access levels section");
        var start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);

        Assert.Empty(Validate(readme[start..end]));
        using var json = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(readme[start..end]));
        var built = Microsoft.Extensions.Configuration.JsonConfigurationExtensions.AddJsonStream(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), json).Build();
        var example = Microsoft.Extensions.Configuration.ConfigurationExtensions.AsEnumerable(built)
            .Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={kv.Value}").ToArray();
        Assert.Contains(@"AccessLevels:Patterns:0:Match=guest-.*@example\.com", example);
        Assert.Empty(TestConfiguration.Errors(example));
    }

    [Fact]
    public void Readme_authentication_example_is_valid()
    {
        var readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        var section = readme.IndexOf("### Digest authentication of watchers and publishers", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no digest authentication section");
        var start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);

        Assert.Empty(Validate(readme[start..end]));
        Assert.Empty(TestConfiguration.Errors(
            "Authentication:Enabled=true", "Authentication:Users:0:Name=pexip-node",
            "Authentication:Users:0:Ha1Sha256=" + DigestAnswers.H("SHA-256", "pexip-node:vc.example.com:the password")));
        Assert.Contains(DigestAnswers.H("SHA-256", "pexip-node:vc.example.com:the password"), readme[start..end], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Presence:Languages:0", "\"de\"")]
    [InlineData("Presence:CustomStatuses:0:Base", "\"Bussy\"")]
    [InlineData("Presence:CustomStatuses:0:Id", "\"closed for maintenance\"")]
    [InlineData("Services:0:Capacity", "0")]
    [InlineData("Services:0:DefaultStatus", "\" \"")]
    [InlineData("Sip:Listners", "[]")]
    [InlineData("Servies", "[]")]
    [InlineData("Sip:Listeners:0:protocol", "\"Udp\"")]
    [InlineData("Sip:Listeners:0:Port", "\"abc\"")]
    [InlineData("Sip:Listeners:0:Port", "65536")]
    [InlineData("Sip:Listeners:0:Protocol", "\"Sctp\"")]
    [InlineData("Sip:Listeners:0:Address", "\"localhost\"")]
    [InlineData("Sip:Limits:MaxHeaderCount", "15")]
    [InlineData("Sip:Limits:IdleTimeout", "\"10m\"")]
    [InlineData("Sip:Hosts:fe01.example.com", "\"fe01\"")]
    [InlineData("Sip:MessageTrace", "\"yes\"")]
    [InlineData("Services:0:Kind", "\"Room\"")]
    [InlineData("Services:1:Theme", "\"../etc\"")]
    [InlineData("Services:0:WebSite", "\"www.example.com\"")]
    [InlineData("Services:0:Email", "\"Room <room@example.com>\"")]
    [InlineData("Services:0:Phones", "\"+4930123456\"")]
    [InlineData("RoutingRules:MatchTimeout", "\"50ms\"")]
    [InlineData("Subscriptions:MinExpires", "7200")]
    [InlineData("Publications:MaxPerAlias", "0")]
    [InlineData("Authentication:NonceLifetimeSeconds", "5")]
    [InlineData("Authentication:Realm", "\"a\\\"b\"")]
    [InlineData("Authentication:Enabled", "\"yes\"")]
    [InlineData("Http:Urls", "\"127.0.0.1:8088\"")]
    public void A_mistake_fails_at_its_key(string key, string json)
    {
        var settings = JsonNode.Parse(RepositorySettingsText, documentOptions: ConfigurationJson)!;
        Set(settings, key, JsonNode.Parse(json));

        var errors = Validate(settings.ToJsonString());

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(key, e.Key));
    }

    [Fact]
    public void A_missing_required_key_fails_at_its_item()
    {
        var settings = JsonNode.Parse(RepositorySettingsText, documentOptions: ConfigurationJson)!;
        settings["Services"]![1]!.AsObject().Remove("Aliases");

        var errors = Validate(settings.ToJsonString());

        Assert.Equal("Services:1", Assert.Single(errors).Key);
        Assert.Contains("Aliases", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.050", true)]
    [InlineData("00:00:00.5", true)]
    [InlineData("00:10:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("12.23:59:59.9999999", true)]
    [InlineData("0:00:10", true)]
    [InlineData("", false)]
    [InlineData("10", false)]
    [InlineData("00:10", false)]
    [InlineData("-00:00:01", false)]
    [InlineData("24:00:00", false)]
    [InlineData("00:60:00", false)]
    [InlineData("00:00:00.12345678", false)]
    [InlineData("00:00:10s", false)]
    public void TimeSpan_pattern_takes_the_constant_format(string text, bool valid)
    {
        var matches = Regex.IsMatch(text, TimeSpanPattern, RegexOptions.ECMAScript);

        Assert.Equal(valid, matches);
        if (matches)
        {
            // Whatever the schema lets through, the binder (TimeSpan.Parse) reads.
            Assert.True(TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _));
        }
    }

    [Fact]
    public void TimeSpan_pattern_takes_what_the_constant_format_writes()
    {
        TimeSpan[] values = [TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(10),
            TimeSpan.FromDays(1), new TimeSpan(3, 4, 5, 6, 789) + TimeSpan.FromTicks(1), TimeSpan.FromHours(23.5)];

        Assert.All(values, v => Assert.Matches(TimeSpanPattern, v.ToString("c", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Every_bound_setting_has_a_schema_key_and_every_schema_key_a_setting()
    {
        var code = CodeKeys();
        var schema = SchemaKeys();

        var missing = code.Keys.Except(schema.Keys).Order(StringComparer.Ordinal).ToList();
        var unknown = schema.Keys.Except(code.Keys).Where(k => !IsAheadOfCode(k, code)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0 && unknown.Count == 0,
            $"settings the schema lacks: {string.Join(", ", missing)}{Environment.NewLine}schema keys no setting has: {string.Join(", ", unknown)}");
        Assert.Equal(
            Sections.Select(s => s.Path.Split(':')[0]).Concat(UnboundRootKeys).Distinct().Order(StringComparer.Ordinal),
            SchemaRoot.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_schema_key_has_the_type_of_its_setting()
    {
        var schema = SchemaKeys();
        var faults = CodeKeys()
            .Where(k => schema.ContainsKey(k.Key))
            .Select(k => TypeFault(k.Value.Type, schema[k.Key]) is { } fault ? $"{k.Key}: {fault}" : null)
            .OfType<string>()
            .ToList();

        Assert.True(faults.Count == 0, string.Join(Environment.NewLine, faults));
    }

    [Fact]
    public void Each_schema_default_is_the_agents_default()
    {
        var settings = JsonNode.Parse(RepositorySettingsText, documentOptions: ConfigurationJson)!;
        var schema = SchemaKeys();
        var faults = new List<string>();
        foreach (var (key, setting) in CodeKeys())
        {
            var last = key[(key.LastIndexOf(':') + 1)..];
            if (last is "N" or "*" || !schema.TryGetValue(key, out var node))
            {
                continue;
            }

            var hasDefault = node.TryGetProperty("default", out var given);
            if (IsRequired(key, schema) || ComputedDefaults.Contains(key))
            {
                if (hasDefault)
                {
                    faults.Add($"{key}: has a default, but {(ComputedDefaults.Contains(key) ? "it is computed at start" : "the key is required")}");
                }

                continue;
            }

            // Outside list items the repository's appsettings.json, built into the agent, is the lowest layer.
            var expected = IsObject(setting.Type) ? new JsonObject()
                : !key.Contains(":N:", StringComparison.Ordinal) && Find(settings, key) is { } builtIn ? builtIn
                : setting.Default is null ? null
                : JsonSerializer.SerializeToNode(setting.Default, DefaultsJson);
            if (expected is null)
            {
                if (hasDefault)
                {
                    faults.Add($"{key}: has default {given.GetRawText()} but the setting has none");
                }
            }
            else if (!hasDefault)
            {
                faults.Add($"{key}: no default; the agent's is {expected.ToJsonString()}");
            }
            else if (setting.Type == typeof(TimeSpan)
                ? ReadTimeSpan(given.GetRawText()) is not { } read || read != ReadTimeSpan(expected.ToJsonString())
                : !JsonNode.DeepEquals(JsonNode.Parse(given.GetRawText()), expected))
            {
                faults.Add($"{key}: default {given.GetRawText()}, but the agent's is {expected.ToJsonString()}");
            }
        }

        Assert.True(faults.Count == 0, string.Join(Environment.NewLine, faults));
    }

    [Fact]
    public void Every_schema_key_is_described()
    {
        var undescribed = Keywords(SchemaRoot, "properties", "")
            .SelectMany(p => p.Value.EnumerateObject().Select(k => (Key: $"{p.Where}/{k.Name}", Node: k.Value)))
            .Where(k => !(k.Node.TryGetProperty("description", out var d) && d.GetString() is { Length: > 0 }))
            .Select(k => k.Key)
            .ToList();

        Assert.True(undescribed.Count == 0, "no description: " + string.Join(", ", undescribed));
    }

    [Fact]
    public void Integer_bounds_are_where_the_agent_draws_them()
    {
        var schema = SchemaKeys();
        var faults = new List<string>();
        foreach (var (key, setting) in CodeKeys())
        {
            var type = Nullable.GetUnderlyingType(setting.Type) ?? setting.Type;
            if ((type != typeof(int) && type != typeof(long)) || !schema.TryGetValue(key, out var node))
            {
                continue;
            }

            // TestConfiguration's baseline has a first listener, service and rule.
            var at = key.Replace(":N:", ":0:", StringComparison.Ordinal);
            foreach (var (bound, outward) in new[] { ("minimum", -1L), ("maximum", 1L) })
            {
                if (!node.TryGetProperty(bound, out var limit))
                {
                    faults.Add($"{key}: no {bound}");
                    continue;
                }

                var beyond = limit.GetInt64() + outward;
                if (!TestConfiguration.Errors($"{at}={beyond}").Any(e => e.Contains(at, StringComparison.Ordinal)))
                {
                    faults.Add($"{key}: {beyond}, beyond the schema's {bound}, is accepted by the agent");
                }

                if (!RelativeBounds.Contains(key) &&
                    TestConfiguration.Errors($"{at}={limit.GetInt64()}").FirstOrDefault(e => e.StartsWith(at + ":", StringComparison.Ordinal) ||
                        e.Contains($"'{at}'", StringComparison.Ordinal)) is { } refused)
                {
                    faults.Add($"{key}: the schema's {bound} {limit.GetInt64()} is refused by the agent: {refused}");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join(Environment.NewLine, faults));
    }

    /// <summary>A TimeSpan written as a JSON string in the constant format; null when it is not one.</summary>
    private static TimeSpan? ReadTimeSpan(string json) =>
        JsonNode.Parse(json) is JsonValue v && v.TryGetValue<string>(out var text) &&
        TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span) ? span : null;

    private static string TimeSpanPattern => SchemaRoot.GetProperty("$defs").GetProperty("timeSpan").GetProperty("pattern").GetString()!;

    private static readonly JsonSerializerOptions DefaultsJson = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The failures of evaluating <paramref name="json"/>, each with the configuration key it is at.</summary>
    private static List<(string Key, string Message)> Validate(string json)
    {
        using var document = JsonDocument.Parse(json, ConfigurationJson);
        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var failures = Failures(result);
        Assert.Equal(result.IsValid, failures.Count == 0);
        return failures;
    }

    /// <summary>
    /// The errors of the failed evaluations, following failures only: an alternative of an anyOf that passed, or a
    /// branch that failed beside one that passed, is no fault of the document.
    /// </summary>
    private static List<(string Key, string Message)> Failures(EvaluationResults result)
    {
        var failures = new List<(string Key, string Message)>();
        Collect(result);
        return failures;

        void Collect(EvaluationResults r)
        {
            if (r.IsValid)
            {
                return;
            }

            foreach (var (keyword, message) in r.Errors ?? new Dictionary<string, string>())
            {
                failures.Add((Key(r.InstanceLocation.ToString()), $"{keyword}: {message}"));
            }

            foreach (var detail in r.Details ?? [])
            {
                Collect(detail);
            }
        }
    }

    /// <summary>A JSON pointer (<c>/Sip/Listeners/0/Port</c>) as a configuration key (<c>Sip:Listeners:0:Port</c>).</summary>
    private static string Key(string pointer) =>
        string.Join(':', pointer.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)));

    private static JsonNode? Find(JsonNode root, string key)
    {
        JsonNode? node = root;
        foreach (var segment in key.Split(':'))
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node?.DeepClone();
    }

    /// <summary>Sets <paramref name="key"/>, adding the objects on the way that are missing.</summary>
    private static void Set(JsonNode root, string key, JsonNode? value)
    {
        var segments = key.Split(':');
        var node = root;
        foreach (var segment in segments[..^1])
        {
            node = node is JsonArray array ? array[int.Parse(segment, CultureInfo.InvariantCulture)]! : node[segment] ??= new JsonObject();
        }

        if (node is JsonArray items)
        {
            items[int.Parse(segments[^1], CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node[segments[^1]] = value;
        }
    }

    /// <summary>A setting the agent binds: its type, and its value in a freshly made options object.</summary>
    private sealed record Setting(Type Type, object? Default);

    /// <summary>Every key the agent binds, by walking <see cref="Sections"/>: nested options, list items and map values.</summary>
    private static Dictionary<string, Setting> CodeKeys()
    {
        var keys = new Dictionary<string, Setting>(StringComparer.Ordinal);
        foreach (var (path, type) in Sections)
        {
            AddCodeKey(keys, path, type, Activator.CreateInstance(type));
        }

        return keys;
    }

    private static void AddCodeKey(Dictionary<string, Setting> keys, string path, Type type, object? value)
    {
        keys.Add(path, new Setting(type, value));
        if (MapValueType(type) is { } mapValue)
        {
            AddCodeKey(keys, path + ":*", mapValue, null);
        }
        else if (ItemType(type) is { } item)
        {
            AddCodeKey(keys, path + ":N", item, IsObject(item) ? Activator.CreateInstance(item) : null);
        }
        else if (IsObject(type))
        {
            foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0))
            {
                AddCodeKey(keys, $"{path}:{property.Name}", property.PropertyType, value is null ? null : property.GetValue(value));
            }
        }
    }

    private static bool IsAheadOfCode(string key, Dictionary<string, Setting> code) =>
        AheadOfCode.Any(a => (key == a || key.StartsWith(a + ":", StringComparison.Ordinal)) && !code.ContainsKey(a));

    private static Type? MapValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyDictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ItemType(Type type) =>
        type == typeof(string) ? null
        : (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type : type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))?.GetGenericArguments()[0];

    private static bool IsObject(Type type) => type.IsClass && type != typeof(string) && ItemType(type) is null && MapValueType(type) is null;

    /// <summary>Every schema key under the bound sections, its node as written (a <c>$ref</c> is followed for what it holds).</summary>
    private static Dictionary<string, JsonElement> SchemaKeys()
    {
        var keys = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var section in SchemaRoot.GetProperty("properties").EnumerateObject().Where(p => !UnboundRootKeys.Contains(p.Name)))
        {
            AddSchemaKey(keys, section.Name, section.Value);
        }

        return keys;
    }

    private static void AddSchemaKey(Dictionary<string, JsonElement> keys, string path, JsonElement node)
    {
        keys.Add(path, node);
        if (Keyword(node, "properties") is { } properties)
        {
            foreach (var property in properties.EnumerateObject())
            {
                AddSchemaKey(keys, $"{path}:{property.Name}", property.Value);
            }
        }

        if (Keyword(node, "items") is { ValueKind: JsonValueKind.Object } items)
        {
            AddSchemaKey(keys, path + ":N", items);
        }

        if (Keyword(node, "additionalProperties") is { ValueKind: JsonValueKind.Object } values)
        {
            AddSchemaKey(keys, path + ":*", values);
        }
    }

    /// <summary>A keyword of <paramref name="node"/>, or of the definition its <c>$ref</c> names.</summary>
    private static JsonElement? Keyword(JsonElement node, string name)
    {
        if (node.TryGetProperty(name, out var value))
        {
            return value;
        }

        return node.TryGetProperty("$ref", out var reference) && reference.GetString() is { } r && r.StartsWith("#/$defs/", StringComparison.Ordinal)
            ? Keyword(SchemaRoot.GetProperty("$defs").GetProperty(r["#/$defs/".Length..]), name)
            : null;
    }

    /// <summary>Every occurrence of <paramref name="name"/> as a keyword anywhere in the schema, with its JSON pointer.</summary>
    private static IEnumerable<(string Where, JsonElement Value)> Keywords(JsonElement node, string name, string where)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in node.EnumerateArray())
            {
                foreach (var found in Keywords(item, name, $"{where}/{i++}"))
                {
                    yield return found;
                }
            }
        }
        else if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in node.EnumerateObject())
            {
                // Defaults and enums are values, not schemas.
                if (property.Name is "default" or "enum" or "const")
                {
                    continue;
                }

                if (property.Name == name)
                {
                    yield return (where, property.Value);
                }

                // Under "properties" the names are keys, each holding a schema.
                foreach (var found in Keywords(property.Value, name, $"{where}/{property.Name}"))
                {
                    yield return found;
                }
            }
        }
    }

    private static bool IsRequired(string key, Dictionary<string, JsonElement> schema)
    {
        var colon = key.LastIndexOf(':');
        return colon > 0 && schema.TryGetValue(key[..colon], out var parent) && Keyword(parent, "required") is { } required &&
            required.EnumerateArray().Any(r => r.GetString() == key[(colon + 1)..]);
    }

    /// <summary>How the schema node of a setting of <paramref name="type"/> differs from what the binder reads; null when it does not.</summary>
    private static string? TypeFault(Type type, JsonElement node)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var jsonType = Keyword(node, "type")?.GetString();
        string? Expect(string wanted) => jsonType == wanted ? null : $"type {jsonType ?? "(none)"}, expected {wanted} for {t.Name}";

        if (t == typeof(string))
        {
            return Expect("string");
        }

        if (t == typeof(bool))
        {
            return Expect("boolean");
        }

        if (t == typeof(int) || t == typeof(long))
        {
            return Expect("integer");
        }

        if (t == typeof(TimeSpan))
        {
            return node.TryGetProperty("$ref", out var r) && r.GetString() == "#/$defs/timeSpan" ? null : "a TimeSpan must refer to #/$defs/timeSpan";
        }

        if (t.IsEnum)
        {
            var names = Keyword(node, "enum")?.EnumerateArray().Select(e => e.GetString()).ToArray() ?? [];
            return Expect("string") ?? (names.SequenceEqual(Enum.GetNames(t)) ? null : $"enum [{string.Join(", ", names)}], expected [{string.Join(", ", Enum.GetNames(t))}]");
        }

        if (MapValueType(t) is not null)
        {
            return Expect("object") ?? (Keyword(node, "additionalProperties") is { ValueKind: JsonValueKind.Object } ? null : "a map needs a schema for its values");
        }

        if (ItemType(t) is not null)
        {
            return Expect("array");
        }

        if (IsObject(t))
        {
            return Expect("object") ?? (Keyword(node, "additionalProperties") is { ValueKind: JsonValueKind.False } ? null : "needs additionalProperties: false, so a misspelled key is flagged");
        }

        return $"no schema type is known for {t}";
    }
}
