using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// Issue [12]'s yardstick: our authenticated, rate-limited, audited <c>tools/call</c> against a bare endpoint doing the
/// same read (see <see cref="CallsSettings.Help"/>). One in-memory Azurite, seeded once; each server its own process
/// behind its own counting proxy, so its storage requests and its memory are its own.
/// </summary>
internal static class CallsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(CallsSettings.Help);
            return 0;
        }

        string root = Repository.GetRoot(AppContext.BaseDirectory);
        string workFolder = Directory.CreateTempSubdirectory("fmcp-calls-").FullName;
        using var stop = new StopSignals();
        try
        {
            CallsSettings? settings = CallsSettings.Parse(args, root, workFolder);
            return settings is null ? 2 : await RunAsync(root, settings, stop.Token);
        }
        catch (OperationCanceledException) when (stop.Requested)
        {
            Console.Error.WriteLine("Stopped; the servers and Azurite were shut down.");
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // A server that would not start or answer: its own words are in the message.
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        finally
        {
            Directory.Delete(workFolder, recursive: true);
        }
    }

    private static async Task<int> RunAsync(string root, CallsSettings settings, CancellationToken cancellationToken)
    {
        Console.WriteLine($"start: {MachineInfo.Describe()}");
        Console.WriteLine($"our host: {settings.HostDll}");
        Console.WriteLine($"floors' GC settings as our host's: {string.Join(", ", CallsSides.GcLikeHost(settings.HostDll).Select(p => $"{p.Key}={p.Value}").DefaultIfEmpty("defaults"))}");
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(root), Console.Error.WriteLine, cancellationToken);
        CallsTarget target = await CallsSeed.SeedAsync(azurite.ConnectionString, cancellationToken);
        Console.WriteLine($"one in-memory Azurite; every call reads participant {target.ParticipantId} of {target.OrganizationId} (our side with an access key of its coordinator)");
        await using CountingProxy ourStorage = await CountingProxy.StartAsync(azurite.TableEndpoint, cancellationToken);
        await using CountingProxy localRunStorage = await CountingProxy.StartAsync(azurite.TableEndpoint, cancellationToken);
        await using CountingProxy bareStorage = await CountingProxy.StartAsync(azurite.TableEndpoint, cancellationToken);

        int failures = 0;
        if (settings.Load && settings.Rounds > 0)
        {
            CallsSide our = CallsSides.Our("our", settings, ourStorage, target, localRun: false, "Warning");
            CallsSide bare = CallsSides.Bare(settings, bareStorage, target, "Warning");
            IReadOnlyList<(int, SideRun Our, SideRun Bare)> warm = await CallsLoad.RunAsync(our, bare, settings, cancellationToken);
            CallsReport.PrintWarm(settings, warm);
            failures = warm.Sum(r => r.Our.Load.Failures + r.Bare.Load.Failures);
        }

        if (settings.ColdStarts > 0)
        {
            // Information, so the host's own start-up lines (storage, demo data, "Now listening") make a timeline.
            CallsSide[] sides =
            [
                CallsSides.Our("our (Production)", settings, ourStorage, target, localRun: false, "Information"),
                CallsSides.Our("our (local run, demo)", settings, localRunStorage, target, localRun: true, "Information"),
                CallsSides.Bare(settings, bareStorage, target, "Information"),
                CallsSides.Hello(settings, "Information"),
            ];
            ColdStartReport.Print(await ColdStartRun.RunAsync(sides, settings.ColdStarts, cancellationToken), "bare");
        }

        Console.WriteLine();
        Console.WriteLine($"end: {MachineInfo.Describe()}");
        if (failures > 0)
            Console.Error.WriteLine($"{failures} calls failed.");
        return failures == 0 ? 0 : 1;
    }
}
