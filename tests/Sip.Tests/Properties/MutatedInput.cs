using FsCheck;
using FsCheck.Fluent;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Properties;

/// <summary>A valid message after a few <see cref="Mutation"/>s; <see cref="Cut"/> places the split between two reads.</summary>
internal sealed record MutatedInput(string Origin, byte[] Original, IReadOnlyList<Mutation> Mutations, int Cut)
{
    public byte[] Bytes { get; } = Apply(Original, Mutations);

    private static byte[] Apply(byte[] original, IReadOnlyList<Mutation> mutations)
    {
        var bytes = new List<byte>(original);
        foreach (var mutation in mutations)
        {
            mutation.Apply(bytes);
        }

        return [.. bytes];
    }

    /// <summary>FsCheck prints this for a failing case: enough to rebuild the bytes by hand.</summary>
    public override string ToString() =>
        $"{Origin} + [{string.Join(", ", Mutations)}], cut {Cut}, {Bytes.Length} bytes: {Convert.ToBase64String(Bytes.AsSpan(0, Math.Min(Bytes.Length, 1024)))}";

    private static readonly Lazy<(string Name, byte[] Bytes)[]> s_corpus = new(() =>
        [.. SampleMessages.All.Select(s => (s.Key, s.Value)),
         .. TortureCorpus.Kinds.Keys.Order(StringComparer.Ordinal).Select(f => (f, TortureCorpus.Read(f)))]);

    private static readonly Gen<Mutation> MutationGen =
        from kind in Gen.Elements(Enum.GetValues<MutationKind>())
        from position in Gen.Choose(0, int.MaxValue)
        from size in kind == MutationKind.HugeRun
            ? Gen.Frequency((3, Gen.Choose(1, 2_000)), (1, Gen.Choose(16_000, 70_000)))
            : Gen.Frequency((3, Gen.Choose(0, 8)), (1, Gen.Choose(0, 300)))
        from pick in Gen.Choose(0, 1_000)
        select new Mutation(kind, position, size, pick);

    public static readonly Gen<MutatedInput> Any =
        from origin in Gen.Frequency(
            (2, MessageGen.Message.Select(m => ("generated", m.Render()))),
            (1, Gen.Elements(s_corpus.Value)))
        from count in Gen.Choose(1, 4)
        from mutations in Gen.ArrayOf(MutationGen, count)
        from cut in Gen.Choose(0, int.MaxValue)
        select new MutatedInput(origin.Item1, origin.Item2, mutations, cut);
}
