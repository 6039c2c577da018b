package dev.afl.agent.llm;

/** Gives tests in other packages the scripted server started by {@link ScriptedChatServerResource}. */
public final class ScriptedChatServerAccess {

    private ScriptedChatServerAccess() {
    }

    public static ScriptedChatServer server() {
        return ScriptedChatServerResource.server;
    }
}
