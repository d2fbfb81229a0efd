using System.Diagnostics;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>The built agent run as its own process, as an operator starts it, with its exit code and its output.</summary>
internal static class AgentProcess
{
    /// <summary>Runs <c>dotnet PresenceAgent.dll ARGS</c> in an empty working folder and waits for it to exit.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunInAsync(_ => { }, args);

    /// <summary>As <see cref="RunAsync"/>, in a working folder <paramref name="prepare"/> fills first.</summary>
    public static async Task<(int ExitCode, string Output)> RunInAsync(Action<string> prepare, params string[] args)
    {
        var workingDirectory = System.IO.Directory.CreateTempSubdirectory("pa-process-").FullName;
        prepare(workingDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PresenceAgent.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the agent did not exit within 60 s: {await stdout}{await stderr}");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            System.IO.Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
