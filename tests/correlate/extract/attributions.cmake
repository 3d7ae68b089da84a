# Tests of the attribution extractor: tokens, model file, trainer, relations,
# the CLI command, and the scorer on PolNeAR's dev split.
corroborate_add_test(extract_attributions_test
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/attribution_tokens_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/attribution_model_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/attribution_train_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/attributions_test.cc
  LIBS corroborate::correlate)
target_compile_definitions(extract_attributions_test PRIVATE
  TRAIN_ATTRIBUTIONS_BIN="$<TARGET_FILE:train_attributions>")
add_dependencies(extract_attributions_test train_attributions)
corroborate_add_test(extract_attributions_cli_test
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/attributions_cli_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/attribution_corpus_test.cc
  LIBS nlohmann_json::nlohmann_json)
add_dependencies(extract_attributions_cli_test corroborate)
