namespace PresenceAgent.Sip.Locating;

/// <summary>The fields of an SRV record (RFC 2782).</summary>
internal readonly record struct SrvEntry(int Priority, int Weight, int Port, string Target);

/// <summary>RFC 2782 "Usage rules": the order in which to contact the targets of an SRV record set.</summary>
internal static class SrvOrdering
{
    /// <summary>
    /// Lowest priority first; within one priority a weighted random order: each pick draws a number from 0 to the sum
    /// of the weights left and takes the first record whose running sum reaches it, with zero-weight records put first
    /// so they keep a small chance. A target of "." (the service is not offered there) is left out.
    /// <paramref name="next"/> returns a number from 0 to its argument, exclusive.
    /// </summary>
    public static List<SrvEntry> Order(IReadOnlyList<SrvEntry> records, Func<int, int> next)
    {
        var ordered = new List<SrvEntry>(records.Count);
        foreach (var group in records.Where(r => r.Target.Length > 0 && r.Target != ".").GroupBy(r => r.Priority).OrderBy(g => g.Key))
        {
            var left = group.OrderBy(r => r.Weight == 0 ? 0 : 1).ToList();
            while (left.Count > 0)
            {
                var total = left.Sum(r => r.Weight);
                var draw = next(total + 1);
                var running = 0;
                var pick = left.Count - 1;
                for (var i = 0; i < left.Count; i++)
                {
                    running += left[i].Weight;
                    if (running >= draw)
                    {
                        pick = i;
                        break;
                    }
                }

                ordered.Add(left[pick]);
                left.RemoveAt(pick);
            }
        }

        return ordered;
    }
}
