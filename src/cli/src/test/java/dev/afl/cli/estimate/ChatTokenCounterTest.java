package dev.afl.cli.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatTokenCounterTest {

    @Test
    void openAiFamiliesGetTheirOwnTokenizer() {
        assertThat(ChatTokenCounter.forModel("gpt-4o-mini").description()).contains("o200k_base");
        assertThat(ChatTokenCounter.forModel("gpt-4o-mini-2024-07-18").exact()).isTrue();
        assertThat(ChatTokenCounter.forModel("openai/gpt-4.1-nano").description()).contains("o200k_base");
        assertThat(ChatTokenCounter.forModel("o3-mini").description()).contains("o200k_base");
        assertThat(ChatTokenCounter.forModel("gpt-4-turbo").description()).contains("cl100k_base");
        assertThat(ChatTokenCounter.forModel("gpt-3.5-turbo").description()).contains("cl100k_base");
    }

    @Test
    void otherFamiliesAreApproximatedAndSaySo() {
        for (String model : new String[] {"anthropic.claude-3-haiku-20240307-v1:0", "amazon.nova-lite-v1:0",
                "meta.llama3-1-8b-instruct-v1:0", "scripted-recommender"}) {
            ChatTokenCounter counter = ChatTokenCounter.forModel(model);
            assertThat(counter.exact()).as(model).isFalse();
            assertThat(counter.description()).contains(model, "approximation", "4 characters a token");
            assertThat(counter.text("abcdefghi")).isEqualTo(3); // 9 characters, rounded up
        }
    }

    @Test
    void theTokenizersCountTokensNotCharacters() {
        String text = "Reason: the user's recent listening leans to 1980s synth-pop.\nItem: Depeche Mode";
        long o200k = ChatTokenCounter.forModel("gpt-4o").text(text);
        long cl100k = ChatTokenCounter.forModel("gpt-4").text(text);
        assertThat(o200k).isBetween(15L, 25L);
        assertThat(cl100k).isBetween(15L, 25L);
        // Both tokenizers know "Hello, world!" as four tokens: Hello , world !
        assertThat(ChatTokenCounter.forModel("gpt-4o").text("Hello, world!")).isEqualTo(4);
        assertThat(ChatTokenCounter.forModel("gpt-4").text("Hello, world!")).isEqualTo(4);
        // A special token's spelling inside content is ordinary text, as providers count it.
        assertThat(ChatTokenCounter.forModel("gpt-4o").text("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void aRequestAddsTheChatFormatsOverhead() {
        ChatTokenCounter counter = ChatTokenCounter.forModel("gpt-4o-mini");
        assertThat(counter.request("", "")).isEqualTo(2 * 4 + 3);
        assertThat(counter.request("Hello, world!", "Hello, world!")).isEqualTo(2 * 4 + 3 + 8);
    }
}
