namespace PresenceAgent.LoadGen;

/// <summary>Nearest-rank percentiles of the finite values of one series (failed calls leave NaN behind).</summary>
internal static class Percentiles
{
    public static Dictionary<string, double> Of(double[] values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Dictionary<string, double> { ["n"] = 0 };
        }

        return new Dictionary<string, double>
        {
            ["n"] = sorted.Length,
            ["p50"] = Round(At(sorted, 0.50)),
            ["p90"] = Round(At(sorted, 0.90)),
            ["p99"] = Round(At(sorted, 0.99)),
            ["max"] = Round(sorted[^1]),
        };
    }

    private static double At(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Round(double ms) => Math.Round(ms, 3);
}
