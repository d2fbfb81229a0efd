using PresenceAgent.Hosting;

return await CommandLine.RunAsync(args).ConfigureAwait(false);
