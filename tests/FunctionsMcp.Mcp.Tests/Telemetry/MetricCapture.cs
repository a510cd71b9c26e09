using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FunctionsMcp.OAuth.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests.Telemetry;

/// <summary>One measurement of the app's meter: the instrument, the value and its tags.</summary>
public sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags)
{
    public string? this[string tag] => Tags.GetValueOrDefault(tag);
}

/// <summary>
/// Every measurement one server's <see cref="FunctionsMcpMetrics"/> makes. Meters are process-wide and the tests run in
/// parallel, so only the instruments of that server's meter factory are listened to.
/// </summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MetricCapture(IServiceProvider services)
    {
        IMeterFactory factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FunctionsMcpMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, object?> tag in tags)
                copy[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
            _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
        });
        _listener.Start();
    }

    public IReadOnlyList<Measurement> All => [.. _measurements];

    public IReadOnlyList<Measurement> Of(string instrument) => All.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Waits (bounded) until <paramref name="instrument"/> has measurements matching <paramref name="match"/> adding up to <paramref name="total"/>.</summary>
    public async Task<IReadOnlyList<Measurement>> WaitForAsync(string instrument, Func<Measurement, bool> match, long total = 1)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            List<Measurement> found = Of(instrument).Where(match).ToList();
            if (found.Sum(m => m.Value) >= total || deadline.IsCancellationRequested)
                return found;
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // Deadline: return what there is, and let the assertion say what is missing.
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
