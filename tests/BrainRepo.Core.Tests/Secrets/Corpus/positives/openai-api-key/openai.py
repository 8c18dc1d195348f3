client = OpenAI(api_key="s<<!>>k-NjWZmsSM04Py5lpVPHdcT3BlbkFJHwFBUhuztR2juInqs2dt")
OPENAI_API_KEY=sk-p<<!>>roj-y29pXXVJAZYhokjebd_QmiEVFTAhkDuusMayhF35wGI8rlLwkNTju-CocsO9tdEm9B93Xbin478BVK4HgCVhI_i97Z5_VhJW7N0vaYn_fj-WdH3GYTsocenR
