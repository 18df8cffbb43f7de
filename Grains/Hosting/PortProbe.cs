using System.Net;
using System.Net.Sockets;

namespace UmsOrleans.Grains.Hosting;

/// <summary>Whether another process listens on an endpoint.</summary>
public static class PortProbe
{
    // Linux's SOL_SOCKET / SO_REUSEADDR.
    private const int SolSocket = 1;
    private const int SoReuseAddress = 2;

    /// <summary>
    /// True when a socket could be bound to <paramref name="endpoint"/> now. Orleans listens with address and
    /// port reuse, so a second silo would bind the same ports silently; this probe asks for neither port reuse
    /// nor .NET's ReuseAddress (which sets both on Unix), so any listener there makes it fail. On Linux it sets
    /// plain SO_REUSEADDR, so connections of a stopped server left in TIME_WAIT do not count as in use.
    /// </summary>
    public static bool IsFree(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(SolSocket, SoReuseAddress, BitConverter.GetBytes(1));
        else if (OperatingSystem.IsWindows()) socket.ExclusiveAddressUse = true;
        try
        {
            socket.Bind(endpoint);
            return true;
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }
}
