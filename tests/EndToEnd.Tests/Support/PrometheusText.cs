using System.Globalization;
using System.Text;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// A reader of the Prometheus text exposition format 0.0.4, strict enough to fail a test on a malformed line: HELP and
/// TYPE comments, then samples <c>name{label="value",…} value</c> whose family (a histogram's _bucket, _sum and _count
/// included) was typed before them.
/// </summary>
internal sealed class PrometheusText
{
    private static readonly string[] s_types = ["counter", "gauge", "histogram", "summary", "untyped"];

    private PrometheusText(Dictionary<string, string> types, List<Sample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Each metric family's TYPE.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 4 && parts[1] == "TYPE")
                {
                    Check(IsName(parts[2]) && s_types.Contains(parts[3]) && types.TryAdd(parts[2], parts[3]), lineNumber, line, "a TYPE line names a new family and a known type");
                }
                else if (parts.Length >= 3 && parts[1] == "HELP")
                {
                    Check(IsName(parts[2]), lineNumber, line, "a HELP line names a metric");
                }

                continue;
            }

            var sample = ParseSample(line, lineNumber);
            Check(FamilyOf(sample.Name, types) is not null, lineNumber, line, "the sample's family was typed before it");
            samples.Add(sample);
        }

        return new PrometheusText(types, samples);
    }

    /// <summary>The value of the one sample with this name and exactly these labels (others absent); 0 when there is none.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var matches = Samples.Where(s => s.Name == name && s.Labels.Count == labels.Length &&
            labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).ToList();
        Assert.True(matches.Count <= 1, $"{name} has {matches.Count} samples with those labels");
        return matches.Count == 0 ? 0 : matches[0].Value;
    }

    /// <summary>Whether any sample has this name.</summary>
    public bool Has(string name) => Samples.Any(s => s.Name == name);

    private static string? FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var type) && type is "histogram" or "summary")
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    private static Sample ParseSample(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0))
        {
            i++;
        }

        var name = line[..i];
        Check(name.Length > 0, lineNumber, line, "a sample starts with a metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var start = i;
                while (IsNameChar(line[i], i == start))
                {
                    i++;
                }

                var label = line[start..i];
                Check(label.Length > 0 && line[i] == '=' && line[i + 1] == '"', lineNumber, line, "a label is name=\"value\"");
                i += 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"line {lineNumber}: bad escape in {line}") });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++;
                Check(labels.TryAdd(label, value.ToString()), lineNumber, line, "a label appears once");
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Check(i < line.Length && line[i] == ' ', lineNumber, line, "a space separates the value");
        var fields = line[(i + 1)..].Split(' ');
        Check(fields.Length is 1 or 2, lineNumber, line, "a value and at most a timestamp follow");
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }

    private static bool IsName(string name) => name.Length > 0 && name.Select((c, i) => IsNameChar(c, i == 0)).All(ok => ok);

    private static bool IsNameChar(char c, bool first) => char.IsAsciiLetter(c) || c is '_' or ':' || (!first && char.IsAsciiDigit(c));

    private static void Check(bool ok, int lineNumber, string line, string rule)
    {
        if (!ok)
        {
            throw new FormatException($"line {lineNumber} breaks the exposition format ({rule}): {line}");
        }
    }

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
