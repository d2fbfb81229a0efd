using System.Text.RegularExpressions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests;

/// <summary>
/// Data flows one way between the host's folders (Presence, Directory, Documents, Subscriptions, … Hosting): a folder
/// may use the ones below it, never one that uses it. Folder = namespace, so a sibling folder is reached only through a
/// <c>using</c> or a qualified name, both of which this reads from the sources.
/// </summary>
public sealed partial class FolderDependencyTests
{
    [Fact]
    public void No_folder_of_the_host_depends_on_itself_through_another()
    {
        var graph = ReadGraph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"folders depend on each other: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void The_check_sees_the_dependencies_that_exist()
    {
        var graph = ReadGraph();

        // Guards the reader: Subscriptions builds documents and Hosting wires everything.
        Assert.Contains("Documents", graph["Subscriptions"]);
        Assert.Contains("Subscriptions", graph["Hosting"]);
        Assert.NotNull(FindCycle(new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"] }));
    }

    private static Dictionary<string, HashSet<string>> ReadGraph()
    {
        var root = RepositoryRoot.File(Path.Combine("src", "PresenceAgent"));
        var folders = new System.IO.DirectoryInfo(root).GetDirectories()
            .Select(d => d.Name)
            .Where(n => n is not ("bin" or "obj"))
            .ToHashSet(StringComparer.Ordinal);
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var folder in folders)
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match m in Reference().Matches(File.ReadAllText(file)))
                {
                    var target = m.Groups[1].Value;
                    if (target != folder && folders.Contains(target))
                    {
                        graph[folder].Add(target);
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>A path of folders that comes back to its start, or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0)
            {
                return [.. path[at..], node];
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return graph.Keys.Select(Visit).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex(@"\bPresenceAgent\.(\w+)")]
    private static partial Regex Reference();
}
