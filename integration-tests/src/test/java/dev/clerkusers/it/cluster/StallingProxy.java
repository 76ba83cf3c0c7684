package dev.clerkusers.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy that can stall, as a network does when a NAT or a firewall silently drops
 * an idle connection, or a partition cuts the path: the connections through it stay open
 * at both ends, but no byte gets through any more, and new connections are refused. Each
 * connection is forwarded by two daemon threads. It can also take new connections and
 * never answer them.
 */
final class StallingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean stalled;

	private volatile boolean silent;

	private StallingProxy(String targetHost, int targetPort) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		Thread acceptor = new Thread(this::accept, "stalling-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy to a target.
	 * @param host the target's host
	 * @param port the target's port
	 * @return the proxy, forwarding
	 * @throws IOException when the proxy cannot listen
	 */
	static StallingProxy to(String host, int port) throws IOException {
		return new StallingProxy(host, port);
	}

	/**
	 * The proxy's port on the loopback address.
	 * @return the port
	 */
	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Stops forwarding: bytes sent either way are held, and new connections are refused.
	 */
	void stall() {
		this.stalled = true;
	}

	/**
	 * Takes new connections and holds them open without forwarding a byte, as a path that
	 * accepts a connection and then stalls does.
	 */
	void answerNothing() {
		this.silent = true;
	}

	/**
	 * Forwards new connections again (the stalled ones stay stalled, as a dropped NAT
	 * mapping does).
	 */
	void resume() {
		this.stalled = false;
		this.silent = false;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.stalled) {
					client.close();
					continue;
				}
				if (this.silent) {
					this.sockets.add(client);
					continue;
				}
				Socket target = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				AtomicBoolean cut = new AtomicBoolean();
				forward(client, target, cut);
				forward(target, client, cut);
			}
			catch (IOException ex) {
				// The proxy was closed, or the target refused: the client sees its socket
				// closed.
			}
		}
	}

	/**
	 * Copies bytes from one socket to the other until the proxy stalls; from then on the
	 * bytes are read and held, never written, and the sockets stay open.
	 */
	private void forward(Socket from, Socket to, AtomicBoolean cut) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (this.stalled) {
						cut.set(true);
					}
					if (!cut.get()) {
						out.write(buffer, 0, read);
						out.flush();
					}
				}
			}
			catch (IOException ex) {
				// Closed at one end.
			}
		}, "stalling-proxy-forward");
		thread.setDaemon(true);
		thread.start();
	}

}
