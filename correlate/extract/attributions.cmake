# Attribution extractor (tokens, model, trainer, relations) and its data: the
# model file (trained by scripts/train-attributions) and the lexicons.
target_sources(corroborate_correlate PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/attribution_tokens.cc
  ${CMAKE_CURRENT_LIST_DIR}/attribution_model.cc
  ${CMAKE_CURRENT_LIST_DIR}/attribution_train.cc
  ${CMAKE_CURRENT_LIST_DIR}/attributions.cc)
corroborate_embed_files(TARGET corroborate_correlate NAMESPACE corroborate::extract::attributiondata FILES
  ${CMAKE_CURRENT_LIST_DIR}/models/attributions.model
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/attribution_cues.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/attribution_speakers.tsv)
# The trainer: rebuilds models/attributions.model from an annotated corpus.
add_executable(train_attributions ${CMAKE_CURRENT_LIST_DIR}/train_attributions.cc)
target_link_libraries(train_attributions PRIVATE corroborate_warnings corroborate::correlate fmt::fmt)
set_target_properties(train_attributions PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
