using System.Runtime.InteropServices;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// Ctrl+C and SIGTERM cancel <see cref="Token"/> instead of ending the process, so a run stops every server and Azurite
/// on the way out. Disposing puts the default handling back.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _onTerm;

    public StopSignals()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _stop.Cancel();
        });
    }

    public CancellationToken Token => _stop.Token;

    public bool Requested => _stop.IsCancellationRequested;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _onTerm.Dispose();
        _stop.Dispose();
    }
}
